import { z } from 'zod';
import {
  ChangePasswordRequestSchema,
  ForgotPasswordRequestSchema,
  IdParamSchema,
  LoginRequestSchema,
  RegisterRequestSchema,
  ResetPasswordRequestSchema,
  SessionInfoSchema,
  UserSchema,
  VerifyEmailRequestSchema,
} from '@partystream/shared/auth/auth.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const UserResponse = z.object({ user: UserSchema });
const tag = 'Accounts';

export const authOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/auth/register',
    tag,
    summary: 'Create an account (DJ or host) and log in; mails a verification link',
    body: RegisterRequestSchema,
    response: { status: 201, schema: UserResponse },
  },
  {
    method: 'post',
    path: '/auth/login',
    tag,
    summary: 'Log in; sets the session cookie',
    body: LoginRequestSchema,
    response: { status: 200, schema: UserResponse },
  },
  { method: 'post', path: '/auth/logout', tag, summary: 'End this session', response: { status: 204 } },
  {
    method: 'get',
    path: '/auth/me',
    tag,
    auth: true,
    summary: 'The logged-in user',
    response: { status: 200, schema: UserResponse },
  },
  {
    method: 'get',
    path: '/auth/session',
    tag,
    summary: 'The logged-in user or null (never 401)',
    response: { status: 200, schema: z.object({ user: UserSchema.nullable() }) },
  },
  {
    method: 'post',
    path: '/auth/verify-email',
    tag,
    summary: 'Confirm the email address with the mailed token',
    body: VerifyEmailRequestSchema,
    response: { status: 200, schema: UserResponse },
  },
  {
    method: 'post',
    path: '/auth/verify-email/resend',
    tag,
    auth: true,
    summary: 'Mail a new verification link',
    response: { status: 204 },
  },
  {
    method: 'post',
    path: '/auth/forgot-password',
    tag,
    summary: 'Mail a password reset link (always 202)',
    body: ForgotPasswordRequestSchema,
    response: { status: 202 },
  },
  {
    method: 'post',
    path: '/auth/reset-password',
    tag,
    summary: 'Set a new password with the mailed token; ends all sessions',
    body: ResetPasswordRequestSchema,
    response: { status: 204 },
  },
  {
    method: 'post',
    path: '/auth/change-password',
    tag,
    auth: true,
    summary: 'Change the password; ends the other sessions',
    body: ChangePasswordRequestSchema,
    response: { status: 200, schema: z.object({ endedSessions: z.number().int() }) },
  },
  {
    method: 'get',
    path: '/auth/sessions',
    tag,
    auth: true,
    summary: 'My live sessions',
    response: { status: 200, schema: z.object({ sessions: z.array(SessionInfoSchema) }) },
  },
  {
    method: 'delete',
    path: '/auth/sessions/:id',
    tag,
    auth: true,
    summary: 'Revoke one of my sessions',
    params: IdParamSchema,
    response: { status: 204 },
  },
];
