import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { FLAG_SCAVENGED, FLAG_TOMBSTONE, RECORD_FORMAT_VERSION, RECORD_HEADER_SIZE } from './record-codec';

/** What is kept of a record whose body a scavenge removes: enough to rebuild the index, nothing readable. */
export interface ScavengeEntry {
  offset: number;
  length: number;
  tombstone: boolean;
  revision: number;
  hashHi: number;
  hashLo: number;
}

/** Every record is longer than this (its RecordedEvent alone holds a 36-character id). */
export const SCAVENGED_MIN_LENGTH = RECORD_HEADER_SIZE + 8;

/**
 * The record that replaces a removed one, byte for byte the same length so no
 * position moves: header with empty name/type/id, no RecordedEvent, the stream
 * hash, zeros, and a fresh checksum.
 */
export function encodeScavengedRecord(entry: ScavengeEntry): Buffer {
  if (entry.length < SCAVENGED_MIN_LENGTH) throw new Error(`record at ${entry.offset} is too short to scavenge`);
  const buf = Buffer.alloc(entry.length);
  buf.writeUInt32LE(entry.length, 0);
  buf.writeUInt8(RECORD_FORMAT_VERSION, 8);
  buf.writeUInt8(FLAG_SCAVENGED | (entry.tombstone ? FLAG_TOMBSTONE : 0), 9);
  buf.writeDoubleLE(entry.revision, 16);
  buf.writeUInt32LE(entry.hashHi, RECORD_HEADER_SIZE);
  buf.writeUInt32LE(entry.hashLo, RECORD_HEADER_SIZE + 4);
  buf.writeUInt32LE(crc32(buf.subarray(8)) >>> 0, 4);
  return buf;
}

/*
 * Redo journal: overwriting records in the middle of the log must never leave
 * a torn record there (recovery would take it for a torn tail and cut the log).
 * The entries are written and fsynced to `<log>.scavenge` first, then applied;
 * the journal is removed once the log is fsynced. If the process dies in
 * between, opening the log applies the journal again (it is idempotent).
 * Layout: u32 count, u32 CRC-32 of the entries, then 32 bytes per entry. It
 * holds only offsets, lengths, revisions and stream hashes: no name.
 */
const ENTRY_SIZE = 32;

export function journalPath(logPath: string): string {
  return `${logPath}.scavenge`;
}

export function writeJournal(logPath: string, entries: ScavengeEntry[]): void {
  const body = Buffer.alloc(entries.length * ENTRY_SIZE);
  entries.forEach((e, i) => {
    const at = i * ENTRY_SIZE;
    body.writeDoubleLE(e.offset, at);
    body.writeUInt32LE(e.length, at + 8);
    body.writeUInt32LE(e.tombstone ? 1 : 0, at + 12);
    body.writeDoubleLE(e.revision, at + 16);
    body.writeUInt32LE(e.hashHi, at + 24);
    body.writeUInt32LE(e.hashLo, at + 28);
  });
  const head = Buffer.alloc(8);
  head.writeUInt32LE(entries.length, 0);
  head.writeUInt32LE(crc32(body) >>> 0, 4);
  const file = journalPath(logPath);
  const fd = fs.openSync(file, 'w', 0o644);
  try {
    fs.writeSync(fd, Buffer.concat([head, body]), 0, head.length + body.length, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirectory(path.dirname(file));
}

/** The journal's entries, or undefined when there is none or it was torn before it was complete (nothing was applied then). */
export function readJournal(logPath: string): ScavengeEntry[] | undefined {
  const file = journalPath(logPath);
  if (!fs.existsSync(file)) return undefined;
  const buf = fs.readFileSync(file);
  if (buf.length < 8) return undefined;
  const count = buf.readUInt32LE(0);
  const body = buf.subarray(8);
  if (body.length !== count * ENTRY_SIZE || (crc32(body) >>> 0) !== buf.readUInt32LE(4)) return undefined;
  return Array.from({ length: count }, (_, i) => {
    const at = i * ENTRY_SIZE;
    return {
      offset: body.readDoubleLE(at),
      length: body.readUInt32LE(at + 8),
      tombstone: body.readUInt32LE(at + 12) === 1,
      revision: body.readDoubleLE(at + 16),
      hashHi: body.readUInt32LE(at + 24),
      hashLo: body.readUInt32LE(at + 28),
    };
  });
}

export function removeJournal(logPath: string): void {
  fs.rmSync(journalPath(logPath), { force: true });
  syncDirectory(path.dirname(logPath));
}

/** Overwrites each entry's record in place (synchronously, so no reader sees half of one) and fsyncs the log. */
export function applyEntries(fd: number, entries: ScavengeEntry[]): void {
  for (const entry of entries) {
    const record = encodeScavengedRecord(entry);
    let written = 0;
    while (written < record.length) {
      written += fs.writeSync(fd, record, written, record.length - written, entry.offset + written);
    }
  }
  fs.fdatasyncSync(fd);
}

function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
