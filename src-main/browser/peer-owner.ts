/**
 * Who is on the other end of a loopback connection. On Linux the kernel lists every TCP
 * socket with the user that owns it (/proc/net/tcp, /proc/net/tcp6): the browser edition
 * takes a WebSocket only from a socket of its own user, so another account on the machine
 * is refused whatever it learnt (a ticket read with `ps`, say). Elsewhere there is no such
 * list without privileges, and the one-time ticket alone guards the door.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

export interface Endpoint {
  address: string;
  port: number;
}

/** One /proc/net/tcp* address ("0100007F:1F90") as an IPv4 address and port; IPv6 only when it maps IPv4. */
function decodeEndpoint(text: string): Endpoint | null {
  const [hexAddress, hexPort] = text.split(':');
  if (!hexAddress || !hexPort) return null;
  const port = Number.parseInt(hexPort, 16);
  // The kernel prints each 32-bit word of the address in host byte order.
  const words = hexAddress.match(/.{8}/g) ?? [];
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((word, i) =>
    endianness() === 'LE' ? bytes.writeUInt32LE(Number.parseInt(word, 16), i * 4) : bytes.writeUInt32BE(Number.parseInt(word, 16), i * 4),
  );
  if (bytes.length === 4) return { address: [...bytes].join('.'), port };
  const mapped = bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { address: [...bytes.subarray(12)].join('.'), port } : null;
}

const plainIpv4 = (address: string) => address.replace(/^::ffff:/i, '');

/** The owners of the sockets the kernel lists from `near` to `far`. */
function ownersOf(tables: readonly string[], near: Endpoint, far: Endpoint): Set<number> {
  const owners = new Set<number>();
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 8) continue;
      const local = decodeEndpoint(fields[1]!);
      const remote = decodeEndpoint(fields[2]!);
      if (!local || !remote) continue;
      const matches =
        local.port === near.port && local.address === plainIpv4(near.address) && remote.port === far.port && remote.address === plainIpv4(far.address);
      if (matches) owners.add(Number(fields[7]));
    }
  }
  return owners;
}

/**
 * The user id owning the client end of a connection, from the kernel's socket tables; null
 * when it is not listed (or listed twice with different owners).
 */
export function clientSocketOwner(tables: readonly string[], client: Endpoint, server: Endpoint): number | null {
  const owners = ownersOf(tables, client, server);
  return owners.size === 1 ? [...owners][0]! : null;
}

/** The kernel's socket tables on Linux, or null elsewhere (or where /proc cannot be read). */
export function readSocketTables(platform: NodeJS.Platform = process.platform): string[] | null {
  if (platform !== 'linux') return null;
  const tables: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      tables.push(readFileSync(file, 'utf8'));
    } catch {
      // No IPv6 on this machine: its table is missing.
    }
  }
  return tables.length > 0 ? tables : null;
}

/**
 * Whether a loopback connection comes from this process's own user: true or false where the
 * kernel says, true where it cannot be known (not Linux, or a /proc that lists no sockets).
 */
export function fromOwnUser(client: Partial<Endpoint>, server: Partial<Endpoint>, tables: string[] | null = readSocketTables()): boolean {
  if (tables === null || typeof process.getuid !== 'function') return true;
  if (!client.address || !client.port || !server.address || !server.port) return false;
  const owner = clientSocketOwner(tables, client as Endpoint, server as Endpoint);
  if (owner !== null) return owner === process.getuid();
  // Our own end listed but not theirs: refused. Neither (an emulated /proc that lists no
  // sockets, as in some sandboxes): the kernel cannot tell, and the ticket guards the door.
  return ownersOf(tables, server as Endpoint, client as Endpoint).size === 0;
}
