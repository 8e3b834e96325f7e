import { z } from 'zod';

export const serviceHealthSchema = z.object({
  service: z.string(),
  serviceId: z.string(),
  url: z.string(),
  status: z.enum(['healthy', 'unhealthy', 'unreachable']),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
});

export const platformHealthSchema = z.object({
  platform: z.enum(['healthy', 'degraded']),
  summary: z.string(),
  services: z.array(serviceHealthSchema),
  timestamp: z.string(),
});
