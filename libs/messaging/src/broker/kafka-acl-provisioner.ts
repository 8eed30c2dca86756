import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type AclEntry,
  type AclFilter,
  ResourcePatternTypes,
} from 'kafkajs';
import { type AclBinding, aclKey, isManagedPrincipal } from './kafka-access';
import { adminOf, type KafkaGateway } from './kafka-gateway';

export interface AclProvisioningReport {
  /** ACLs of the plan that were missing and are now created. */
  created: AclBinding[];
  /** ACLs of the plan that already existed. */
  kept: number;
  /** ACLs of managed principals outside the plan: deleted with `prune`, otherwise only reported. */
  extra: AclBinding[];
  pruned: boolean;
}

/**
 * Makes the broker's ACLs match a plan (kafkaAccessPlan): creates what is missing and, with `prune`,
 * deletes ACLs of the plan's principals (`User:agency-*`, `User:svc-*`) that the plan no longer has, on
 * resources under `scopePrefix` (the environment's KAFKA_TOPIC_PREFIX, so environments sharing a
 * cluster leave each other alone). The gateway must log in as a principal allowed to alter ACLs.
 */
export async function provisionKafkaAcls(
  gateway: KafkaGateway,
  plan: AclBinding[],
  options: { prune?: boolean; scopePrefix?: string } = {},
): Promise<AclProvisioningReport> {
  const admin = await adminOf(gateway);
  const existing = await describeAll(gateway);
  const have = new Set(existing.map(aclKey));
  const want = new Set(plan.map(aclKey));
  const missing = plan.filter((b) => !have.has(aclKey(b)));
  const scope = options.scopePrefix ?? '';
  const extra = existing.filter(
    (b) => isManagedPrincipal(b.principal) && b.resourceName.startsWith(scope) && !want.has(aclKey(b)),
  );
  if (missing.length > 0) await admin.createAcls({ acl: missing.map(toEntry) });
  if (options.prune && extra.length > 0) await admin.deleteAcls({ filters: extra.map(toEntry) as AclFilter[] });
  return { created: missing, kept: plan.length - missing.length, extra, pruned: !!options.prune };
}

/** Every ACL on the broker that this model can express (topic and group ACLs). */
export async function describeAll(gateway: KafkaGateway): Promise<AclBinding[]> {
  const admin = await adminOf(gateway);
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const bindings: AclBinding[] = [];
  for (const r of resources) {
    const resourceType = RESOURCE_NAMES[r.resourceType];
    const patternType = PATTERN_NAMES[r.resourcePatternType];
    if (!resourceType || !patternType) continue;
    for (const acl of r.acls) {
      const operation = OPERATION_NAMES[acl.operation];
      const permission =
        acl.permissionType === AclPermissionTypes.DENY
          ? 'DENY'
          : acl.permissionType === AclPermissionTypes.ALLOW
            ? 'ALLOW'
            : undefined;
      if (!operation || !permission || acl.host !== '*') continue;
      bindings.push({
        principal: acl.principal,
        resourceType,
        patternType,
        resourceName: r.resourceName,
        operation,
        permission,
      });
    }
  }
  return bindings;
}

function toEntry(b: AclBinding): AclEntry {
  return {
    principal: b.principal,
    host: '*',
    resourceType: AclResourceTypes[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: ResourcePatternTypes[b.patternType],
    operation: AclOperationTypes[b.operation],
    permissionType: AclPermissionTypes[b.permission],
  };
}

const RESOURCE_NAMES: Partial<Record<number, AclBinding['resourceType']>> = {
  [AclResourceTypes.TOPIC]: 'TOPIC',
  [AclResourceTypes.GROUP]: 'GROUP',
};
const PATTERN_NAMES: Partial<Record<number, AclBinding['patternType']>> = {
  [ResourcePatternTypes.LITERAL]: 'LITERAL',
  [ResourcePatternTypes.PREFIXED]: 'PREFIXED',
};
const OPERATION_NAMES: Partial<Record<number, AclBinding['operation']>> = {
  [AclOperationTypes.READ]: 'READ',
  [AclOperationTypes.WRITE]: 'WRITE',
  [AclOperationTypes.DESCRIBE]: 'DESCRIBE',
  [AclOperationTypes.CREATE]: 'CREATE',
};
