import { useForm } from '@mantine/form';
import { ApiError } from '../../api/errors';
import { fieldErrorsOf as fieldErrorsOfForm } from '../../components/field-errors';
import type { NewUser, Role } from '../../api/types';

export const MIN_PASSWORD = 10;

export interface UserFormValues {
  email: string;
  name: string;
  role: Role | '';
  publisherId: string | null;
  advertiserId: string | null;
  password: string;
}

const BLANK: UserFormValues = {
  email: '',
  name: '',
  role: '',
  publisherId: null,
  advertiserId: null,
  password: '',
};

const required = (what: string) => (value: string | null) =>
  value && value.trim() !== '' ? null : `Enter ${what}`;

// The form checks only what is missing; the API judges the rest and names the fields it refuses.
export function useUserForm(initial: Partial<UserFormValues> = {}) {
  return useForm<UserFormValues>({
    initialValues: { ...BLANK, ...initial },
    validate: {
      email: required('an email'),
      name: required('a name'),
      role: (value) => (value ? null : 'Choose a role'),
      publisherId: (value, values) =>
        values.role === 'publisher' && !value ? 'Choose the publisher' : null,
      advertiserId: (value, values) =>
        values.role === 'advertiser' && !value ? 'Choose the advertiser' : null,
      password: (value) =>
        value === '' || value.length >= MIN_PASSWORD
          ? null
          : `Use at least ${MIN_PASSWORD} characters, or leave it empty`,
    },
  });
}

export type UserForm = ReturnType<typeof useUserForm>;

export function bodyOf(values: UserFormValues): NewUser {
  const body: NewUser = {
    email: values.email.trim(),
    name: values.name.trim(),
    role: values.role as Role,
  };
  if (values.role === 'publisher') body.publisherId = Number(values.publisherId);
  if (values.role === 'advertiser') body.advertiserId = Number(values.advertiserId);
  if (values.password !== '') body.password = values.password;
  return body;
}

const FIELDS = new Set<string>(Object.keys(BLANK));

// A taken email is a conflict, not a field error, but it belongs under the email.
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  if (error instanceof ApiError && error.code === 'email_taken') return { email: error.message };
  return fieldErrorsOfForm(error, FIELDS);
}
