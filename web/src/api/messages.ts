import { api, dataOf, type Schemas } from './client.ts';
import type { paths } from './schema.d.ts';

/** Messages under TLP 2.0 and their notifications; every list is already limited to what the user may read. */
export type AdvisorySummary = Schemas['AdvisorySummary'];
export type Advisory = Schemas['Advisory'];
export type AdvisoryReads = Schemas['AdvisoryReads'];
export type Notification = Schemas['Notification'];
export type NotificationPreferences = Schemas['NotificationPreferences'];
export type AdvisoryInput = paths['/api/v1/advisories']['post']['requestBody']['content']['application/json'];
export type InboxFilters = NonNullable<paths['/api/v1/advisories']['get']['parameters']['query']>;
export type Tlp = AdvisoryInput['tlp'];
export type AdvisoryKind = AdvisoryInput['kind'];

export const listMessages = async (filters: InboxFilters) => dataOf(await api.GET('/api/v1/advisories', { params: { query: { limit: 200, ...filters } } }));
export const getMessage = async (id: string) => dataOf(await api.GET('/api/v1/advisories/{id}', { params: { path: { id } } }));
export const publishMessage = async (input: AdvisoryInput) => dataOf(await api.POST('/api/v1/advisories', { body: input }));
export const replyToMessage = async (id: string, body: string) => dataOf(await api.POST('/api/v1/advisories/{id}/reply', { params: { path: { id } }, body: { body } }));
export const acknowledgeMessage = async (id: string) => dataOf(await api.POST('/api/v1/advisories/{id}/acknowledgement', { params: { path: { id } } }));
export const listReads = async (id: string) => dataOf(await api.GET('/api/v1/advisories/{id}/reads', { params: { path: { id } } }));

/** Reads a browser file as base64 (without the data-URL prefix). */
const base64Of = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file cannot be read.'));
    reader.readAsDataURL(file);
  });

export const uploadAttachment = async (id: string, file: File) =>
  dataOf(await api.POST('/api/v1/advisories/{id}/attachments', { params: { path: { id } }, body: { filename: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await base64Of(file) } }));

/** Where the browser downloads an attachment (the session cookie authorises the GET). */
export const attachmentHref = (id: string, attachmentId: string) => `/api/v1/advisories/${id}/attachments/${attachmentId}`;

export const listNotifications = async () => dataOf(await api.GET('/api/v1/notifications', { params: { query: { limit: 50 } } }));
export const markAllNotificationsRead = async () => dataOf(await api.POST('/api/v1/notifications/read-all'));
export const getPreferences = async () => dataOf(await api.GET('/api/v1/notifications/preferences'));
export const setPreferences = async (email: NotificationPreferences['email']) => dataOf(await api.PUT('/api/v1/notifications/preferences', { body: { email } }));
