import { withPageSettings } from './static-files';

describe('withPageSettings', () => {
  it('puts the settings in a JSON data block at the end of the head, Vietnamese text as it is', () => {
    const page = withPageSettings('<html><head><title>DX Hub</title></head><body></body></html>', {
      defaultLanguage: 'vi',
      name: 'Tỉnh Tiền Giang',
    });
    expect(page).toBe(
      '<html><head><title>DX Hub</title>' +
        '<script id="dxhub-settings" type="application/json">{"defaultLanguage":"vi","name":"Tỉnh Tiền Giang"}</script>' +
        '</head><body></body></html>',
    );
  });

  it('escapes < so that no value can close the block, and the block still reads back as the same value', () => {
    const value = { oidcIssuer: '</script><script>alert(1)</script>' };
    const page = withPageSettings('<head></head>', value);
    const json = /<script id="dxhub-settings" type="application\/json">(.*)<\/script><\/head>$/.exec(page)?.[1];
    expect(json).not.toContain('<');
    expect(JSON.parse(json ?? 'null')).toEqual(value);
  });

  it('refuses a page without a head', () => {
    expect(() => withPageSettings('<p>no head</p>', {})).toThrow(/no <\/head>/);
  });
});
