import type { Principal } from '@dxhub/auth';

/** Who takes a step: a person (REST) or an agency's producer (Kafka). */
export interface Actor {
  actor: string;
  agency: string | null;
}

export const actorOf = (p: Principal): Actor => ({ actor: p.sub, agency: p.agency });
