import { describe, expect, it, vi } from 'vitest';
import type { ChangeNotices } from '../db/connect.ts';
import { createNoticedCache } from './noticed-cache.ts';

/** Notices sent by hand; `listening` as a connection would report it. */
function noticesByHand() {
  const subscribers: (() => void)[] = [];
  return {
    listening: true as boolean,
    subscribe: (onChange: () => void) => subscribers.push(onChange),
    notify: () => subscribers.forEach((onChange) => onChange()),
  } satisfies ChangeNotices & { notify(): void };
}

/** A credential store that counts its reads. */
function storeOf(expiresAt: Date | null = null) {
  const store = { reads: 0, valid: true, read: async () => (store.reads++, store.valid ? { user: 'ann', expiresAt } : undefined) };
  return store;
}

describe('the cache of values whose changes the database announces (signed-in users here)', () => {
  it('reads a credential once while no notice comes', async () => {
    const cache = createNoticedCache(noticesByHand());
    const store = storeOf();
    expect(await cache.lookup('a', store.read)).toMatchObject({ user: 'ann' });
    expect(await cache.lookup('a', store.read)).toMatchObject({ user: 'ann' });
    expect(store.reads).toBe(1);
  });

  it('reads again after a notice, and sees the credential gone', async () => {
    const notices = noticesByHand();
    const cache = createNoticedCache(notices);
    const store = storeOf();
    await cache.lookup('a', store.read);
    store.valid = false;
    notices.notify();
    expect(await cache.lookup('a', store.read)).toBeUndefined();
    expect(store.reads).toBe(2);
  });

  it('does not keep what was read while a notice came', async () => {
    const notices = noticesByHand();
    const cache = createNoticedCache(notices);
    const store = storeOf();
    await cache.lookup('a', async () => {
      const entry = await store.read();
      notices.notify();
      return entry;
    });
    await cache.lookup('a', store.read);
    expect(store.reads).toBe(2);
  });

  it('keeps nothing and serves nothing kept while no connection listens', async () => {
    const notices = noticesByHand();
    const cache = createNoticedCache(notices);
    const store = storeOf();
    await cache.lookup('a', store.read);
    notices.listening = false;
    await cache.lookup('a', store.read);
    await cache.lookup('a', store.read);
    expect(store.reads).toBe(3);
  });

  it('does not keep unknown credentials', async () => {
    const cache = createNoticedCache(noticesByHand());
    const store = storeOf();
    store.valid = false;
    await cache.lookup('a', store.read);
    store.valid = true;
    expect(await cache.lookup('a', store.read)).toMatchObject({ user: 'ann' });
  });

  it('reads again once the credential has expired, or after a minute at most', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cache = createNoticedCache(noticesByHand(), (entry: { expiresAt: Date | null }) => entry.expiresAt);
      const expiring = storeOf(new Date(Date.now() + 5_000));
      await cache.lookup('expiring', expiring.read);
      const lasting = storeOf();
      await cache.lookup('lasting', lasting.read);
      vi.setSystemTime(Date.now() + 5_000);
      await cache.lookup('expiring', expiring.read);
      await cache.lookup('lasting', lasting.read);
      expect([expiring.reads, lasting.reads]).toEqual([2, 1]);
      vi.setSystemTime(Date.now() + 55_000);
      await cache.lookup('lasting', lasting.read);
      expect(lasting.reads).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
