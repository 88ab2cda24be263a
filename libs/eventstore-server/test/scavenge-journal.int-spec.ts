import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreEngine } from '../src/engine/event-store-engine';
import { decodeHeader } from '../src/storage/record-codec';
import { journalPath, writeJournal } from '../src/storage/scavenged-record';
import { hashName } from '../src/storage/stream-table';

// Embedded server only: a scavenge interrupted between its journal and the in-place overwrite.
describe('scavenge journal', () => {
  let dataDir: string;
  const logPath = () => join(dataDir, 'events.log');
  const event = (text: string) => ({
    id: randomUUID(),
    type: 'Tested',
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify({ text })),
    customMetadata: new Uint8Array(0),
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagstream-scavenge-journal-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the overwrite on open when the journal was written but not applied', async () => {
    const secret = `canary-${randomUUID()}`;
    const engine = EventStoreEngine.open(dataDir);
    await engine.append('kept', { kind: 'any' }, [event('before')]);
    await engine.append('gone', { kind: 'any' }, [event(secret)]);
    await engine.append('kept', { kind: 'any' }, [event('after')]);
    const offset = engine.offsetOf(1);
    const header = decodeHeader(engine.record(1), 0, offset);
    await engine.close();

    const [hashHi, hashLo] = hashName('gone');
    writeJournal(logPath(), [{ offset, length: header.length, tombstone: false, revision: 0, hashHi, hashLo }]);
    expect(readFileSync(logPath()).includes(Buffer.from(secret))).toBe(true);

    const reopened = EventStoreEngine.open(dataDir);
    try {
      expect(existsSync(journalPath(logPath()))).toBe(false);
      expect(readFileSync(logPath()).includes(Buffer.from(secret))).toBe(false);
      expect(reopened.recovery).toMatchObject({ records: 3, truncatedBytes: 0 });
      expect(reopened.offsetOf(2)).toBe(engine.offsetOf(2));
      const kept = reopened.readStream('kept', 'start', 'forwards', 10);
      expect(kept).toEqual({ kind: 'ok', ordinals: [0, 2] });
      // The stream's revisions survive without its body: the next event is revision 1.
      const outcome = await reopened.append('gone', { kind: 'revision', revision: 0 }, [event('next')]);
      expect(outcome).toMatchObject({ kind: 'success', currentRevision: 1 });
    } finally {
      await reopened.close();
    }
  });

  it('ignores a journal torn before it was complete (nothing had been overwritten yet)', async () => {
    const engine = EventStoreEngine.open(dataDir);
    await engine.append('kept', { kind: 'any' }, [event('x')]);
    await engine.close();
    writeJournal(logPath(), [{ offset: 0, length: 500, tombstone: false, revision: 0, hashHi: 1, hashLo: 2 }]);
    const torn = readFileSync(journalPath(logPath())).subarray(0, 20);
    writeFileSync(journalPath(logPath()), torn);
    const reopened = EventStoreEngine.open(dataDir);
    expect(reopened.readStream('kept', 'start', 'forwards', 10)).toEqual({ kind: 'ok', ordinals: [0] });
    expect(existsSync(journalPath(logPath()))).toBe(false);
    await reopened.close();
  });
});
