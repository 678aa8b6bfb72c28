import type { ChangeNotices } from '../db/connect.ts';

/** How long a remembered value is trusted at most, should a notice of its change ever go unheard. */
const maxAgeMs = 60_000;
/** Values remembered at once; the oldest make room. */
const capacity = 10_000;

/**
 * Values read from the database, remembered while the database's notices of their changes are heard and forgotten at
 * each, from whichever process or tool the change came: it counts from its commit on. The server remembers the signed-in
 * users behind credentials (token or session digests; their lookup was one statement in four or five of an API read on
 * a server), the imported control catalogues (read by every duty-of-care list and dashboard) and the earliest pending
 * final-report deadline (incident reads check for overdue ones only from then on). An entry is not served past its
 * `expiresAt`.
 */
export function createNoticedCache<Entry>(notices: ChangeNotices, expiresAt: (entry: Entry) => Date | null = () => null) {
  const entries = new Map<string, { entry: Entry; rememberedAt: number }>();
  // Counts the notices: what was read before one may be out of date, and is not remembered.
  let generation = 0;
  notices.subscribe(() => {
    generation++;
    entries.clear();
  });
  return {
    /** The entry of `key`: remembered, or from `read` (undefined when there is none, such as an unknown credential). */
    async lookup(key: string, read: () => Promise<Entry | undefined>): Promise<Entry | undefined> {
      const now = Date.now();
      const remembered = entries.get(key);
      const expired = (entry: Entry) => (expiresAt(entry)?.getTime() ?? Infinity) <= now;
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
