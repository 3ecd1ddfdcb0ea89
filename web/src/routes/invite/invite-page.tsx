import { Alert, Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { acceptInvite, fetchInvite } from '../../api/auth';
import { ApiError, errorText } from '../../api/errors';
import { switchSession } from '../../api/session';
import { AuthCard } from '../../components/auth-card';
import { LoadingState } from '../../components/states';

const MIN_PASSWORD = 10;

// An invite link: the person sets a password and is signed in.
export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => fetchInvite(token),
    retry: false,
  });
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (value) =>
        value.length >= MIN_PASSWORD ? null : `Use at least ${MIN_PASSWORD} characters`,
      repeat: (value, values) => (value === values.password ? null : 'The passwords differ'),
    },
  });
  const mutation = useMutation({
    mutationFn: (password: string) => acceptInvite(token, password),
    onSuccess: (me) => {
      switchSession(queryClient, me);
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      const field = error instanceof ApiError && error.details.find((d) => d.field === 'password');
      if (field) form.setFieldError('password', field.message);
    },
  });

  if (invite.isPending)
    return (
      <AuthCard title="Set your password">
        <LoadingState />
      </AuthCard>
    );
  if (invite.isError) {
    const gone = invite.error instanceof ApiError && invite.error.status === 404;
    return (
      <AuthCard title="Invitation">
        <Alert color="red" role="alert">
          {gone
            ? 'This invitation has expired or was already used. Ask your network manager for a new one.'
            : errorText(invite.error)}
        </Alert>
        <Button component={Link} to="/sign-in" variant="light">
          Go to sign-in
        </Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Set your password">
      <Text size="sm">
        Welcome, {invite.data.name}. Choose a password to finish setting up your account.
      </Text>
      {mutation.isError && !form.errors.password && (
        <Alert color="red" role="alert">
          {errorText(mutation.error)}
        </Alert>
      )}
      <form onSubmit={form.onSubmit((values) => mutation.mutate(values.password))} noValidate>
        <TextInput label="Email" value={invite.data.email} readOnly mb="sm" />
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD} characters`}
          autoComplete="new-password"
          required
          mb="sm"
          {...form.getInputProps('password')}
        />
        <PasswordInput
          label="Repeat the password"
          autoComplete="new-password"
          required
          mb="lg"
          {...form.getInputProps('repeat')}
        />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          Set password and sign in
        </Button>
      </form>
    </AuthCard>
  );
}
