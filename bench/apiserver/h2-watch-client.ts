/**
 * A minimal HTTP/2 client for the watch benchmark: one TLS connection carrying N watch streams, as
 * client-go multiplexes them, with just the framing a watch needs. Node's http2 client spends about
 * as much CPU per event as the server does, and on a 2-core machine its event-loop delay would be
 * counted as delivery latency; this one only splits DATA frames by stream and hands their bytes on.
 */
import { connect, type TLSSocket } from 'node:tls';

const FRAME = { DATA: 0x0, HEADERS: 0x1, RST_STREAM: 0x3, SETTINGS: 0x4, PING: 0x6, GOAWAY: 0x7 } as const;
const FLAG = { ACK: 0x1, END_STREAM: 0x1, END_HEADERS: 0x4, PADDED: 0x8 } as const;
const MAX_WINDOW = 2 ** 31 - 1;
/** HPACK: `:status: 200` is entry 8 of the static table, sent as one indexed byte. */
const STATUS_200 = 0x88;

/** What the client needs: where to connect, what to ask for, and where each stream's bytes go. */
export interface H2WatchOptions {
  host: string;
  port: number;
  ca: string;
  /** Request headers of every watch (pseudo-headers included), in order. */
  headers: [string, string][];
  streams: number;
  /** Receives the DATA bytes of stream `index` (0-based) and the time they were read. */
  onData(index: number, data: Buffer, now: number): void;
}

function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** An HPACK integer with an N-bit prefix (RFC 7541 5.1). */
function hpackInt(value: number, prefixBits: number, firstByteFlags = 0): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [firstByteFlags | value];
  const out = [firstByteFlags | max];
  for (value -= max; value >= 128; value >>= 7) out.push((value & 0x7f) | 0x80);
  out.push(value);
  return out;
}

/** A header block of literals without indexing and without Huffman coding (RFC 7541 6.2.2). */
function headerBlock(headers: [string, string][]): Buffer {
  const bytes: number[] = [];
  for (const [name, value] of headers) {
    bytes.push(0x00, ...hpackInt(name.length, 7), ...Buffer.from(name, 'latin1'));
    bytes.push(...hpackInt(Buffer.byteLength(value), 7), ...Buffer.from(value));
  }
  return Buffer.from(bytes);
}

/** Opens the connection and every watch; resolves once each stream has answered 200. */
export function openH2Watches(opts: H2WatchOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: opts.host, port: opts.port, ca: opts.ca, ALPNProtocols: ['h2'] });
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let started = 0;
    socket.once('secureConnect', () => {
      if (socket.alpnProtocol !== 'h2') return reject(new Error(`server chose ${socket.alpnProtocol} instead of h2`));
      // Windows as large as HTTP/2 allows: the server never waits for a window update.
      const settings = Buffer.alloc(12);
      settings.writeUInt16BE(0x2, 0); settings.writeUInt32BE(0, 2); // ENABLE_PUSH
      settings.writeUInt16BE(0x4, 6); settings.writeUInt32BE(MAX_WINDOW, 8); // INITIAL_WINDOW_SIZE
      const windowUpdate = Buffer.alloc(4);
      windowUpdate.writeUInt32BE(MAX_WINDOW - 65_535);
      const block = headerBlock(opts.headers);
      socket.write(Buffer.concat([
        Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        frame(FRAME.SETTINGS, 0, 0, settings),
        frame(0x8, 0, 0, windowUpdate),
        ...Array.from({ length: opts.streams }, (_, i) => frame(FRAME.HEADERS, FLAG.END_HEADERS | FLAG.END_STREAM, 2 * i + 1, block)),
      ]));
    });
    socket.on('data', (d: Buffer) => {
      const now = performance.timeOrigin + performance.now();
      let buf = pending.length ? Buffer.concat([pending, d]) : d;
      while (buf.length >= 9) {
        const length = buf.readUIntBE(0, 3);
        if (buf.length < 9 + length) break;
        const [type, flags] = [buf[3]!, buf[4]!];
        const stream = buf.readUInt32BE(5) & 0x7fffffff;
        let payload = buf.subarray(9, 9 + length);
        buf = buf.subarray(9 + length);
        if (type === FRAME.DATA) {
          if (flags & FLAG.PADDED) payload = payload.subarray(1, payload.length - payload[0]!);
          if (payload.length) opts.onData((stream - 1) / 2, payload, now);
        } else if (type === FRAME.HEADERS) {
          if (payload[0] !== STATUS_200) return reject(new Error(`watch on stream ${stream} refused`));
          if (++started === opts.streams) resolve(socket);
        } else if (type === FRAME.SETTINGS && !(flags & FLAG.ACK)) {
          socket.write(frame(FRAME.SETTINGS, FLAG.ACK, 0, Buffer.alloc(0)));
        } else if (type === FRAME.PING && !(flags & FLAG.ACK)) {
          socket.write(frame(FRAME.PING, FLAG.ACK, 0, payload));
        } else if (type === FRAME.RST_STREAM || type === FRAME.GOAWAY) {
          reject(new Error(`server sent ${type === FRAME.GOAWAY ? 'GOAWAY' : `RST_STREAM on stream ${stream}`}`));
        }
      }
      pending = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
    });
    socket.once('error', reject);
  });
}
