import { createServer, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientSocketOwner, fromOwnUser, readSocketTables } from './peer-owner';

// Two sockets of one loopback connection, 127.0.0.1:50000 -> 127.0.0.1:8080, as /proc/net/tcp lists them (little-endian host).
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0
   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 2 1 0 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0 20 4 30 10 -1
`;
const TABLE6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:1F90 01 00000000:00000000 00:00000000 00000000  1002        0 4 1 0 20 4 30 10 -1
`;
const server = { address: '127.0.0.1', port: 8080 };

if (process.platform !== 'linux') console.log("[peer owner] skipped: only Linux lists each socket's owner in /proc/net/tcp.");
describe('who is on the other end of a loopback connection (issue 26, item 1)', () => {
  it.runIf(process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64'))(
    'reads the client socket owner from the kernel table, IPv4 and IPv4-mapped IPv6',
    () => {
      expect(clientSocketOwner([TABLE], { address: '127.0.0.1', port: 50000 }, server)).toBe(1001);
      expect(clientSocketOwner([TABLE], { address: '::ffff:127.0.0.1', port: 50000 }, server)).toBe(1001);
      expect(clientSocketOwner([TABLE, TABLE6], { address: '127.0.0.1', port: 50001 }, server)).toBe(1002);
      // Not listed (gone, or another address): nobody we can vouch for.
      expect(clientSocketOwner([TABLE], { address: '127.0.0.2', port: 50000 }, server)).toBeNull();
      expect(clientSocketOwner([TABLE], { address: '127.0.0.1', port: 50009 }, server)).toBeNull();
    },
  );

  it.runIf(process.platform === 'linux')('knows a real connection of this process as our own', async () => {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
    const client = connect((listener.address() as { port: number }).port, '127.0.0.1');
    const socket = await accepted;
    try {
      const peer = { address: socket.remoteAddress, port: socket.remotePort };
      const local = { address: socket.localAddress, port: socket.localPort };
      expect(fromOwnUser(peer, local)).toBe(true);
      expect(clientSocketOwner(readSocketTables()!, peer as { address: string; port: number }, local as { address: string; port: number })).toBe(
        process.getuid!(),
      );
      expect(clientSocketOwner(readSocketTables()!, { address: '127.0.0.1', port: 1 }, local as { address: string; port: number })).toBeNull();
    } finally {
      client.destroy();
      socket.destroy();
      listener.close();
    }
  });

  it('refuses a client whose socket the kernel does not list next to ours; a /proc that lists nothing cannot tell', () => {
    const uid = process.getuid?.() ?? 0;
    const ours = TABLE.replace(/ 1000 /g, ` ${uid} `);
    // Our end (8080 -> 50000) is ours; the client's end (50000 -> 8080) is user 1001's.
    expect(fromOwnUser({ address: '127.0.0.1', port: 50000 }, server, [ours])).toBe(uid === 1001);
    // Our end is listed, the client's is missing: refused.
    const withoutClient = ours
      .split('\n')
      .filter((line) => !line.includes('0100007F:C350 0100007F:1F90'))
      .join('\n');
    expect(fromOwnUser({ address: '127.0.0.1', port: 50000 }, server, [withoutClient])).toBe(false);
    // Neither end listed (an emulated /proc): the ticket alone decides.
    expect(fromOwnUser({ address: '127.0.0.1', port: 50000 }, server, [TABLE.split('\n')[0]!])).toBe(true);
  });

  it('cannot tell on other systems, and lets the ticket guard the door there', () => {
    expect(readSocketTables('darwin')).toBeNull();
    expect(fromOwnUser({}, {}, null)).toBe(true);
  });
});
