import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { emailDigestOptions, type EmailDigestOption } from '../../domain/message-mail.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authentication.ts';
import { idParams, pageQuery, problemResponses } from '../schemas.ts';

const uuid = Type.String({ format: 'uuid' });
const date = Type.String({ format: 'date-time' });
const notification = Type.Object(
  {
    id: uuid,
    advisoryId: uuid,
    tlp: Type.String({ description: 'FIRST TLP 2.0 label of the message.' }),
    kind: Type.String(),
    title: Type.String(),
    createdAt: date,
    readAt: Type.Union([date, Type.Null()]),
  },
  { $id: 'Notification' },
);
const preferences = Type.Object(
  {
    email: Type.Unsafe<EmailDigestOption>({ type: 'string', enum: [...emailDigestOptions], description: 'E-mail per new message, a daily digest (07:00 Europe/Amsterdam), or none.' }),
    lastDigestAt: Type.Union([date, Type.Null()]),
  },
  { $id: 'NotificationPreferences' },
);

/** The caller's notifications of new messages (only while the message is readable to it) and its e-mail choice. */
export function registerNotificationRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [notification, preferences]) app.addSchema(schema);
  const tags = ['notifications'];

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'The caller’s notifications, newest first, with the number unread',
        querystring: Type.Object({ ...pageQuery, unread: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('Notification')), total: Type.Integer(), unread: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { limit, offset, unread } = request.query as { limit: number; offset: number; unread?: boolean };
      return services.notifications.list(actorOf(request), { unread }, { limit, offset });
    },
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags, summary: 'Mark a notification read', params: idParams, response: { 200: Type.Object({ id: uuid, advisoryId: uuid, readAt: Type.Union([date, Type.Null()]) }), ...problemResponses } } },
    async (request) => services.notifications.markRead(actorOf(request), (request.params as { id: string }).id),
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Mark all of the caller’s notifications read', response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses } } },
    async (request) => services.notifications.markAllRead(actorOf(request)),
  );
  app.get(
    '/notifications/preferences',
    { schema: { tags, summary: 'The caller’s e-mail choice', response: { 200: Type.Ref('NotificationPreferences'), ...problemResponses } } },
    async (request) => services.notifications.getPreferences(actorOf(request)),
  );
  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Choose e-mail per message, a daily digest or none',
        body: Type.Object({ email: Type.Unsafe<EmailDigestOption>({ type: 'string', enum: [...emailDigestOptions] }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('NotificationPreferences'), ...problemResponses },
      },
    },
    async (request) => services.notifications.setPreferences(actorOf(request), request.body as { email: EmailDigestOption }),
  );
}
