/**
 * Writing a large JSON answer (a HAR export, a lab bundle with its traffic) piece by piece to an HTTP
 * response, waiting for the socket to drain instead of buffering the whole document in memory. A
 * client that goes away stops the writer (its next write rejects); a failure after the headers were
 * sent can only cut the connection, so the client sees a truncated body, never a well-formed lie.
 */
import type { Response } from 'express';
import type { TextSink } from '../recorder/har.js';

/** A sink that writes to `res`, resolving when it may write again. */
export function responseSink(res: Response): TextSink {
  return (text) => {
    if (res.destroyed || res.writableEnded) throw new Error('The client closed the connection.');
    if (res.write(text)) return;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('The client closed the connection.'));
      res.on('drain', onDrain);
      res.on('close', onClose);
    });
  };
}

/** Sends a JSON document written by `write` (through a sink), ending the response when it is done. */
export async function streamJson(res: Response, write: (sink: TextSink) => Promise<void>): Promise<void> {
  res.type('application/json');
  try {
    await write(responseSink(res));
    res.end();
  } catch (error) {
    if (!res.headersSent) throw error;
    res.destroy();
  }
}
