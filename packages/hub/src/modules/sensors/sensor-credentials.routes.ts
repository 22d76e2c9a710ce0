import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { telescopeBatchSchema } from '@cynex/core';
import { SENSOR_PURPOSES } from '../../platform/actor.js';
import type { SensorCredentialsService } from './sensor-credentials.service.js';

export const sensorCredentialBody = z
  .object({
    sensorId: telescopeBatchSchema.shape.sensorId,
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).optional(),
    purposes: z
      .array(z.enum(SENSOR_PURPOSES as ['telescope', 'decoy']))
      .min(1)
      .max(2),
  })
  .strict();
const idParam = z.object({ id: z.uuid() });

/** Platform admins list, register and revoke the credentials sensors upload with. */
export function sensorCredentialsRoutes(app: FastifyInstance, sensors: SensorCredentialsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sensors'];

  r.get('/api/v1/sensors/credentials', { schema: { tags } }, async (request) => ({
    items: await sensors.list(request.actor),
  }));

  r.post('/api/v1/sensors/credentials', { schema: { tags, body: sensorCredentialBody } }, async (request, reply) => {
    const created = await sensors.register(request.actor, request.body);
    return reply.code(201).send(created);
  });

  r.delete('/api/v1/sensors/credentials/:id', { schema: { tags, params: idParam } }, async (request, reply) => {
    await sensors.revoke(request.actor, request.params.id);
    return reply.code(204).send();
  });
}
