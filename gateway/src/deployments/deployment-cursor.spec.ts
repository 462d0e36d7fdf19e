import { decodeCursor, encodeCursor } from './deployment-cursor';

const CURSOR = { queuedAt: '2026-11-26T08:00:00.123456Z', id: 'd0c5a1e2-0000-4000-8000-000000000001' };

describe('deployment cursors', () => {
  it('give back exactly what they were made from', () => {
    const text = encodeCursor(CURSOR);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(CURSOR);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['empty', ''],
    ['no separator', Buffer.from('2026-11-26T08:00:00.123456Z').toString('base64url')],
    ['a bad id', Buffer.from('2026-11-26T08:00:00.123456Z|42').toString('base64url')],
    ['a bad time', Buffer.from(`yesterday|${CURSOR.id}`).toString('base64url')],
    ['an impossible time', Buffer.from(`2026-13-45T08:00:00.000000Z|${CURSOR.id}`).toString('base64url')],
    ['extra parts', Buffer.from(`${CURSOR.queuedAt}|${CURSOR.id}|x`).toString('base64url')],
  ])('refuse %s', (_, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
