/**
 * Writing every byte: one write(2) may take only part of them (a nearly full disk answers a short
 * count, not an error), and one that takes none would, asked again, be asked for ever. The store's
 * journal and store.json, and the recorder's exchanges file, all write through here.
 */
import fs, { type promises as fsp } from 'node:fs';

const nothingWritten = (left: number) => new Error(`no byte of the ${left} left could be written (the disk is full?)`);

/** Writes `bytes` through the handle, as many writes as the disk needs. */
export async function writeFully(handle: fsp.FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw nothingWritten(bytes.length - offset);
    offset += bytesWritten;
  }
}

/** The same for the first `length` bytes of `buffer`, through a file descriptor, synchronously. */
export function writeFullySync(fd: number, buffer: Buffer, length: number): void {
  for (let done = 0; done < length; ) {
    const wrote = fs.writeSync(fd, buffer, done, length - done);
    if (wrote <= 0) throw nothingWritten(length - done);
    done += wrote;
  }
}
