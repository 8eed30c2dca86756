import { personOf } from './session';

const jwt = (claims: object) =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'signature'].join('.');

describe('who the token says is signed in', () => {
  it('reads Vietnamese names, the agency and the roles', () => {
    expect(
      personOf(
        jwt({
          preferred_username: 'demo.reporter',
          family_name: 'Nguyễn Thị',
          given_name: 'Lan',
          agency: 'SKHCN',
          roles: ['reporter'],
        }),
      ),
    ).toEqual({ username: 'demo.reporter', name: 'Nguyễn Thị Lan', agency: 'SKHCN', roles: ['reporter'] });
  });

  it('falls back to the subject when the token carries no names (development tokens)', () => {
    expect(personOf(jwt({ sub: 'dev-skhcn', agency: 'SKHCN', roles: ['approver', 'viewer'] }))).toEqual({
      username: 'dev-skhcn',
      name: 'dev-skhcn',
      agency: 'SKHCN',
      roles: ['approver', 'viewer'],
    });
  });
});
