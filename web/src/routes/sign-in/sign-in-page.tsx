import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/auth';
import { ApiError, errorText } from '../../api/errors';
import { meQuery, switchSession } from '../../api/session';
import { AuthCard, safeNext } from '../../components/auth-card';

// Errors a link back to this page may carry, in words.
const LINK_ERRORS: Record<string, string> = {
  portal_link_invalid:
    'That sign-in link has expired or was already used. Ask for a new link, or sign in with your email and password.',
};

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const next = safeNext(params.get('next'));
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : 'Enter your email address'),
      password: (value) => (value ? null : 'Enter your password'),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) => signIn(values.email.trim(), values.password),
    onSuccess: (signedIn) => {
      switchSession(queryClient, signedIn);
      void navigate(next, { replace: true });
    },
  });

  if (me.data) return <Navigate to={next} replace />;
  const linkError = LINK_ERRORS[params.get('error') ?? ''];
  // One message for a wrong email or password (the server says which neither).
  const failure =
    mutation.error instanceof ApiError && mutation.error.status === 401
      ? 'Email or password is incorrect.'
      : mutation.error && errorText(mutation.error);

  return (
    <AuthCard title="Sign in">
      {linkError && !mutation.error && (
        <Alert color="yellow" role="alert">
          {linkError}
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          mb="sm"
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          mb="lg"
          {...form.getInputProps('password')}
        />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
