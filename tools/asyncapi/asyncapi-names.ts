import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type AgencyStream,
  agencyTopic,
  parseAgencyTopic,
  SERVICE_TOPIC_WRITERS,
  type ServiceTopic,
  serviceSource,
} from '@dxhub/contracts';
import { AGENCY_PARAMETER, CONTRACTS_SOURCE } from './asyncapi-constants';

/* Names, templates and small text helpers the AsyncAPI document and its messages share. */

/** The directory holding package.json and libs/contracts, from the source tree or from dist/. */
export function findWorkspaceRoot(start: string = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, CONTRACTS_SOURCE, 'event-catalog.ts')))
      return dir;
    if (dirname(dir) === dir)
      throw new Error(`no workspace root (package.json and ${CONTRACTS_SOURCE}) above ${start}`);
  }
}

export function readPackageVersion(rootDir: string): string {
  const pkg: unknown = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8'));
  const version: unknown = typeof pkg === 'object' && pkg !== null ? Reflect.get(pkg, 'version') : undefined;
  if (typeof version !== 'string') throw new Error(`${join(rootDir, 'package.json')} has no version`);
  return version;
}

/**
 * `dx.agency.{agencyCode}.<stream>`. topics.ts owns the layout: build a real topic with a placeholder code
 * and put the parameter in its place.
 */
export function agencyTopicTemplate(stream: AgencyStream): string {
  const placeholder = 'AGENCYCODE';
  const topic = agencyTopic(placeholder, stream);
  if (parseAgencyTopic(topic)?.agencyCode !== placeholder) throw new Error(`cannot template agency topic ${topic}`);
  return topic.split(placeholder).join(`{${AGENCY_PARAMETER}}`);
}

/** The services writing a service topic (SERVICE_TOPIC_WRITERS), or the topic itself when it names none. */
export function writersOfTopic(topic: string): readonly string[] {
  return SERVICE_TOPIC_WRITERS[topic as ServiceTopic] ?? [topic];
}

/** `indicators service`, `indicators and tasks services`. */
export function servicesNamed(services: readonly string[]): string {
  return services.length === 1
    ? `${services[0]} service`
    : `${services.slice(0, -1).join(', ')} and ${services[services.length - 1]} services`;
}

/** `` `/services/indicators` ``, `` `/services/indicators` or `/services/tasks` ``. */
export function sourcesNamed(services: readonly string[]): string {
  return services.map((s) => `\`${serviceSource(s)}\``).join(' or ');
}

/** AsyncAPI ids are `[A-Za-z0-9_-]`: `dx.agency.{agencyCode}.indicator-values` → `dxAgencyIndicatorValues`. */
export function channelId(address: string): string {
  const words = address
    .replace(/\{[^}]*\}/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern's source without its anchors, to embed in a larger pattern (grouped if it has alternatives). */
export function unanchored(pattern: RegExp): string {
  const inner = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  return inner.includes('|') ? `(?:${inner})` : inner;
}

export function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
}
