import { WebhookTargetPolicy, WebhookTargetRefusedError } from './webhook-target';

const refusal = async (policy: WebhookTargetPolicy, url: string): Promise<string> => {
  try {
    await policy.check(url);
  } catch (error) {
    if (error instanceof WebhookTargetRefusedError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('WebhookTargetPolicy', () => {
  const dns: Record<string, string[]> = {
    'hooks.stttt.example.vn': ['203.113.131.5'],
    'mixed.example.vn': ['203.113.131.6', '10.1.2.3'],
    'v6.example.vn': ['2001:ee0:4141::7'],
    'internal.example.vn': ['fd00::5'],
  };
  const resolve = async (host: string) => {
    if (!dns[host]) throw new Error('ENOTFOUND');
    return dns[host];
  };
  const production = new WebhookTargetPolicy({ allowHttp: false, allowed: [], resolve });
  const development = new WebhookTargetPolicy({ allowHttp: true, allowed: [], resolve });

  it('accepts https to public addresses, IPv4 and IPv6', async () => {
    expect(await refusal(production, 'https://hooks.stttt.example.vn/dxhub')).toBe('accepted');
    expect(await refusal(production, 'https://v6.example.vn/dxhub')).toBe('accepted');
    expect(await refusal(production, 'https://203.113.131.5/')).toBe('accepted');
  });

  it('requires https in production and refuses other schemes and credentials everywhere', async () => {
    expect(await refusal(production, 'http://hooks.stttt.example.vn/')).toMatch(/must be https/);
    expect(await refusal(development, 'http://hooks.stttt.example.vn/')).toBe('accepted');
    expect(await refusal(development, 'ftp://hooks.stttt.example.vn/')).toMatch(/http or https/);
    expect(await refusal(development, 'postgres:5432')).toMatch(/not postgres/);
    expect(await refusal(development, 'https://u:p@hooks.stttt.example.vn/')).toMatch(/credentials/);
  });

  it('refuses a name when any of its addresses is internal, and a name that does not resolve', async () => {
    expect(await refusal(production, 'https://mixed.example.vn/')).toMatch(/internal address/);
    expect(await refusal(production, 'https://internal.example.vn/')).toMatch(/internal address/);
    expect(await refusal(production, 'https://nowhere.example.vn/')).toMatch(/does not resolve/);
  });

  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.0.0.1',
    '100.64.1.1',
    '169.254.169.254',
    '172.31.255.255',
    '192.168.0.1',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
  ])('refuses the internal address %s at the socket', (address) => {
    expect(() => production.checkAddress('hooks.stttt.example.vn', address)).toThrow(WebhookTargetRefusedError);
  });

  it('lets operators allow named hosts and networks', async () => {
    const lab = new WebhookTargetPolicy({
      allowHttp: true,
      allowed: ['10.20.0.0/16', 'gateway.internal', '::1'],
      resolve,
    });
    expect(() => lab.checkAddress('x', '10.20.4.5')).not.toThrow();
    expect(() => lab.checkAddress('x', '10.21.4.5')).toThrow(WebhookTargetRefusedError);
    expect(() => lab.checkAddress('gateway.internal', '10.99.0.1')).not.toThrow();
    expect(() => lab.checkAddress('x', '::1')).not.toThrow();
    expect(await refusal(lab, 'http://gateway.internal/')).toBe('accepted');
  });
});
