import type { ChangeNotices } from '../db/connect.ts';

/** How long a remembered credential is trusted at most, should a notice of its change ever go unheard. */
const maxAgeMs = 60_000;
/** Credentials remembered at once; the oldest make room. */
const capacity = 10_000;

/**
 * The signed-in users behind credentials (token or session digests), remembered so that a request need not look its
 * credential up: on a server that was one statement in four or five of an API read. Trusted only while the database's
 * notices of credential changes are heard, and forgotten at each: a revoked token, an ended session, a disabled user
 * or new roles count from the commit of the change on, in every process.
 */
export function createCredentialCache<Entry extends { expiresAt: Date | null }>(notices: ChangeNotices) {
  const entries = new Map<string, { entry: Entry; rememberedAt: number }>();
  // Counts the notices: what was read before one may be out of date, and is not remembered.
  let generation = 0;
  notices.subscribe(() => {
    generation++;
    entries.clear();
  });
  return {
    /** The entry of `key`: remembered, or from `read` (undefined when the credential is unknown or no longer valid). */
    async lookup(key: string, read: () => Promise<Entry | undefined>): Promise<Entry | undefined> {
      const now = Date.now();
      const remembered = entries.get(key);
      const expired = (entry: Entry) => entry.expiresAt !== null && entry.expiresAt.getTime() <= now;
      if (remembered && notices.listening && now - remembered.rememberedAt < maxAgeMs && !expired(remembered.entry)) return remembered.entry;
      entries.delete(key);
      const readIn = generation;
      const entry = await read();
      if (entry && notices.listening && generation === readIn) {
        if (entries.size >= capacity) entries.delete(entries.keys().next().value as string);
        entries.set(key, { entry, rememberedAt: now });
      }
      return entry;
    },
  };
}
