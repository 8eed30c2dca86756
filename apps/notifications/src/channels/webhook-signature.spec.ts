import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const body = '{"type":"dx.task.overdue","subject":"Nhiệm vụ quá hạn"}';

  it('signs the timestamp and the body with HMAC-SHA256', () => {
    const header = signWebhook('s3cret', body, 1767225600);
    const mac = createHmac('sha256', 's3cret').update(`1767225600.${body}`).digest('hex');
    expect(header).toBe(`t=1767225600,v1=${mac}`);
    expect(verifyWebhook('s3cret', body, header, 1767225650)).toBe(true);
  });

  it('refuses another secret, a changed body and an old timestamp', () => {
    const header = signWebhook('s3cret', body, 1767225600);
    expect(verifyWebhook('other', body, header, 1767225600)).toBe(false);
    expect(verifyWebhook('s3cret', body.replace('quá', 'qua'), header, 1767225600)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, 1767225600 + 301)).toBe(false);
    expect(verifyWebhook('s3cret', body, 'garbage', 1767225600)).toBe(false);
  });
});
