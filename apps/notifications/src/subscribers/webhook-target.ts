import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not go: every address that is not a public unicast one. A webhook the service posts to an
 * address inside its own network would make it a proxy into that network (its database, its broker, the cloud's
 * metadata service) and its delivery log a port scanner.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated), embeds an IPv4 address
  ['64:ff9b::', 96], // NAT64: reaches the IPv4 address it embeds
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: reaches the IPv4 address it embeds
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6');

/** Why a webhook target is refused; the message tells the agency what to change. */
export class WebhookTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetRefusedError';
  }
}

export interface WebhookTargetPolicyOptions {
  /** Plain http is accepted (development); production needs https. */
  allowHttp: boolean;
  /**
   * Operators' allow-list: host names and networks (CIDR) a webhook may reach although they are internal, e.g. an
   * agency gateway inside the provincial network.
   */
  allowed: readonly string[];
  /** DNS resolution (tests pass their own). */
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string): Promise<string[]> =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The rules a webhook target must pass, at registration (every address the name resolves to) and again when each
 * connection is made (the address the socket is about to use), so a name that resolved to a public address when it
 * was registered and to 127.0.0.1 when a notice is sent (DNS rebinding) is refused at the socket.
 */
export class WebhookTargetPolicy {
  private readonly allowedNetworks = new BlockList();
  private readonly allowedHosts = new Set<string>();
  private readonly resolve: (host: string) => Promise<string[]>;

  constructor(private readonly options: WebhookTargetPolicyOptions) {
    for (const entry of options.allowed) {
      const [network, prefix] = entry.split('/');
      const family = isIP(network);
      if (family === 0) this.allowedHosts.add(entry.toLowerCase());
      else
        this.allowedNetworks.addSubnet(
          network,
          prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix),
          family === 4 ? 'ipv4' : 'ipv6',
        );
    }
    this.resolve = options.resolve ?? resolveAll;
  }

  /** Checks a URL as an agency registers it; resolves its host and refuses when any address is internal. */
  async check(url: string): Promise<URL> {
    const target = this.parse(url);
    const host = bareHost(target.hostname);
    if (this.allowedHosts.has(host)) return target;
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await this.resolve(host);
    } catch {
      throw new WebhookTargetRefusedError(`the webhook host ${host} does not resolve to an address`);
    }
    if (addresses.length === 0)
      throw new WebhookTargetRefusedError(`the webhook host ${host} does not resolve to an address`);
    for (const address of addresses) this.checkAddress(host, address);
    return target;
  }

  /** The URL's form: http(s) only (https outside development), no credentials, a host. */
  parse(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new WebhookTargetRefusedError('the webhook URL is not a URL');
    }
    if (target.protocol !== 'https:' && !(this.options.allowHttp && target.protocol === 'http:'))
      throw new WebhookTargetRefusedError(
        this.options.allowHttp
          ? `the webhook URL must be http or https, not ${target.protocol.replace(/:$/, '')}`
          : 'the webhook URL must be https',
      );
    if (target.username !== '' || target.password !== '')
      throw new WebhookTargetRefusedError('the webhook URL may not carry credentials: sign with the webhook secret');
    if (target.hostname === '') throw new WebhookTargetRefusedError('the webhook URL has no host');
    return target;
  }

  /**
   * Throws when a connection to `address` (for the URL's `host`) is not allowed: internal and not on the operators'
   * allow-list. Called by the socket's lookup, for the address it is about to connect to.
   */
  checkAddress(host: string, address: string): void {
    if (this.allowedHosts.has(host.toLowerCase())) return;
    const family = isIP(address);
    if (family === 0) throw new WebhookTargetRefusedError(`the webhook host ${host} resolved to no IP address`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.allowedNetworks.check(address, type)) return;
    if (INTERNAL.check(address, type))
      throw new WebhookTargetRefusedError(
        `the webhook host ${host} is an internal address (loopback, private, link-local, unique-local, multicast or unspecified); ` +
          'a webhook must reach the agency over the internet',
      );
  }
}

/** The host of a URL without IPv6 brackets, lower case. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
