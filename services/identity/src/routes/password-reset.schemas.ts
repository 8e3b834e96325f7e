import { z } from 'zod';
import { emailSchema, passwordSchema } from './common.schemas.js';

export const forgotPasswordBody = z.object({ email: emailSchema });
export const forgotPasswordResponse = z.object({ message: z.string(), emailEnabled: z.literal(false).optional() });
export const resetPasswordBody = z.object({ token: z.string().min(1).max(200), password: passwordSchema });
export const issuedResetResponse = z.object({ token: z.string(), expiresAt: z.date(), resetUrl: z.string() });
