import { AccessRight, DS_ALL_RIGHTS } from '../../../../src/domain/directory/accessMask.js';
import { decodeSecurityDescriptor } from '../../../../src/domain/directory/decodeSecurityDescriptor.js';
import { encodeSecurityDescriptor, type AceInput } from '../../../../src/domain/directory/encodeSecurityDescriptor.js';
import {
  evaluatePasswordRetrieval,
  logonTokenSids,
  type RetrievalEvaluation,
} from '../../../../src/domain/directory/passwordRetrieval.js';
import { AceFlag, type SecurityDescriptor } from '../../../../src/domain/directory/securityDescriptor.js';
import { WellKnownSid } from '../../../../src/domain/directory/sid.js';
import { captured, capturedUserTokenGroups, descriptorBytes } from '../../../fixtures/directory/captured.js';

const { user, innerGroup, outerGroup, other, gmsa } = captured.principals;
const userToken = logonTokenSids(user, capturedUserTokenGroups());
const otherToken = logonTokenSids(other, []);

type Expected = Pick<RetrievalEvaluation, 'outcome'> &
  Partial<Pick<RetrievalEvaluation, 'decidingSid' | 'ignoredGrants'>>;

describe('password retrieval decided from descriptors captured from Samba', () => {
  it.each<[string, string, string[], Expected]>([
    [
      'a grant to the user',
      'Set-ADServiceAccount style grant to the user (our encoder)',
      userToken,
      { outcome: 'granted', decidingSid: user },
    ],
    [
      'a grant to a group the user is in through a nested group',
      'grant to a group (Samba SDDL)',
      userToken,
      { outcome: 'granted', decidingSid: outerGroup },
    ],
    [
      'a deny to its group ahead of a grant to the user',
      'deny to a group, then grant to the user',
      userToken,
      { outcome: 'denied', decidingSid: innerGroup },
    ],
    [
      'a grant ahead of a deny (ACEs are read in order, canonical or not)',
      'grant to the user, then deny to a group (not canonical)',
      userToken,
      { outcome: 'granted', decidingSid: user },
    ],
    [
      'an object ACE for msDS-ManagedPassword, which DCs skip in this check',
      'object ACE on msDS-ManagedPassword',
      userToken,
      { outcome: 'not-granted', ignoredGrants: [{ sid: user, reason: 'object-ace' }] },
    ],
    [
      'an object ACE without an object type (Samba skips it, Windows would not)',
      'object ACE without object type',
      userToken,
      { outcome: 'not-granted', ignoredGrants: [{ sid: user, reason: 'object-ace' }] },
    ],
    [
      'GenericAll alone, as the check compares the ReadProperty bit',
      'GenericAll only',
      userToken,
      { outcome: 'not-granted', ignoredGrants: [{ sid: user, reason: 'generic-rights-only' }] },
    ],
    [
      'a GenericRead deny to a group, counted as a deny',
      'GenericRead deny to a group',
      userToken,
      { outcome: 'denied', decidingSid: outerGroup },
    ],
    [
      'an inherit-only grant',
      'inherit-only grant',
      userToken,
      { outcome: 'not-granted', ignoredGrants: [{ sid: user, reason: 'inherit-only' }] },
    ],
    [
      'a grant to SELF for anyone but the gMSA',
      'grant to SELF',
      userToken,
      { outcome: 'not-granted', ignoredGrants: [] },
    ],
    [
      'a grant to Authenticated Users',
      'grant to Authenticated Users',
      userToken,
      { outcome: 'granted', decidingSid: WellKnownSid.authenticatedUsers },
    ],
    ['a grant to someone else', 'grant to someone else', userToken, { outcome: 'not-granted', ignoredGrants: [] }],
    [
      'a grant to a group the principal is not in',
      'grant to a group (Samba SDDL)',
      otherToken,
      { outcome: 'not-granted', ignoredGrants: [] },
    ],
    ['an empty DACL', 'empty DACL', userToken, { outcome: 'not-granted', ignoredGrants: [] }],
    ['no DACL at all (Windows: everyone, Samba: no one)', 'no DACL', userToken, { outcome: 'no-dacl' }],
    [
      'a null DACL (everyone, on every DC: reported, never granted)',
      'null DACL (our encoder)',
      userToken,
      { outcome: 'null-dacl' },
    ],
    [
      'a protected DACL with a SACL',
      'protected, auto-inherited, with a SACL',
      userToken,
      { outcome: 'granted', decidingSid: user },
    ],
  ])('%s', (_name, descriptor, token, expected) => {
    const result = evaluatePasswordRetrieval({
      descriptor: decodeSecurityDescriptor(descriptorBytes(descriptor)),
      tokenSids: token,
      accountSid: gmsa,
    });
    expect(result).toMatchObject(expected);
    if (expected.decidingSid === undefined) expect(result.decidingSid).toBeUndefined();
  });

  it('lets the gMSA itself retrieve through a grant to SELF', () => {
    const result = evaluatePasswordRetrieval({
      descriptor: decodeSecurityDescriptor(descriptorBytes('grant to SELF')),
      tokenSids: logonTokenSids(gmsa, []),
      accountSid: gmsa,
    });
    expect(result).toMatchObject({ outcome: 'granted', decidingSid: gmsa, allowedSids: [gmsa] });
  });

  it('lists who is allowed today, whoever asks', () => {
    const result = evaluatePasswordRetrieval({
      descriptor: decodeSecurityDescriptor(descriptorBytes('grant to someone else')),
      tokenSids: userToken,
    });
    expect(result.allowedSids).toEqual([other]);
  });
});

const alice = 'S-1-5-21-1-2-3-1103';
const readers = 'S-1-5-21-1-2-3-1104';
const mpGuid = 'e362ed86-b728-0842-b27d-2dea7a9df218';
const token = logonTokenSids(alice, [readers]);

function dacl(aces: AceInput[]): SecurityDescriptor {
  return decodeSecurityDescriptor(
    encodeSecurityDescriptor({ owner: WellKnownSid.builtinAdministrators, dacl: { aces } }),
  );
}

/** A descriptor whose first ACE's type code is replaced (for ACE types the encoder does not write). */
function withTypeCode(aces: AceInput[], typeCode: number): SecurityDescriptor {
  const bytes = encodeSecurityDescriptor({ owner: WellKnownSid.builtinAdministrators, dacl: { aces } });
  bytes[44] = typeCode;
  return decodeSecurityDescriptor(bytes);
}

const allowAlice: AceInput = { type: 'access-allowed', mask: DS_ALL_RIGHTS, sid: alice };

describe('password retrieval, hand-built edge cases', () => {
  it.each<[string, SecurityDescriptor, Expected]>([
    [
      'a deny object ACE for another property does not stop a grant',
      dacl([
        { type: 'access-denied-object', mask: AccessRight.readProperty, sid: alice, objectType: mpGuid },
        allowAlice,
      ]),
      { outcome: 'granted', decidingSid: alice },
    ],
    [
      'a deny object ACE without an object type denies (Windows applies it)',
      dacl([{ type: 'access-denied-object', mask: AccessRight.readProperty, sid: readers }, allowAlice]),
      { outcome: 'denied', decidingSid: readers },
    ],
    [
      'an inherit-only deny does not apply to the account',
      dacl([
        {
          type: 'access-denied',
          flags: AceFlag.inheritOnly | AceFlag.containerInherit,
          mask: AccessRight.readProperty,
          sid: alice,
        },
        allowAlice,
      ]),
      { outcome: 'granted', decidingSid: alice },
    ],
    [
      'a deny of WriteProperty only leaves ReadProperty',
      dacl([{ type: 'access-denied', mask: AccessRight.writeProperty, sid: alice }, allowAlice]),
      { outcome: 'granted', decidingSid: alice },
    ],
    [
      'a grant of WriteProperty only is no grant',
      dacl([{ type: 'access-allowed', mask: AccessRight.writeProperty, sid: alice }]),
      { outcome: 'not-granted', ignoredGrants: [] },
    ],
    [
      'a grant of ReadProperty alone is enough',
      dacl([{ type: 'access-allowed', mask: AccessRight.readProperty, sid: readers }]),
      { outcome: 'granted', decidingSid: readers },
    ],
    [
      'a deny to Everyone stops everyone',
      dacl([{ type: 'access-denied', mask: DS_ALL_RIGHTS, sid: WellKnownSid.everyone }, allowAlice]),
      { outcome: 'denied', decidingSid: WellKnownSid.everyone },
    ],
    [
      'a conditional grant is not confirmed',
      withTypeCode([allowAlice], 0x09),
      { outcome: 'not-granted', ignoredGrants: [{ sid: alice, reason: 'callback-ace' }] },
    ],
    [
      'a conditional deny counts as a deny',
      withTypeCode([{ type: 'access-denied', mask: AccessRight.readProperty, sid: alice }, allowAlice], 0x0a),
      { outcome: 'denied', decidingSid: alice },
    ],
    [
      'an audit ACE in the DACL neither grants nor denies',
      withTypeCode([{ type: 'access-allowed', mask: DS_ALL_RIGHTS, sid: alice }], 0x02),
      { outcome: 'not-granted', ignoredGrants: [] },
    ],
    [
      'an ACE of unknown type is skipped',
      withTypeCode([allowAlice], 0x7f),
      { outcome: 'not-granted', ignoredGrants: [] },
    ],
  ])('%s', (_name, descriptor, expected) => {
    expect(evaluatePasswordRetrieval({ descriptor, tokenSids: token })).toMatchObject(expected);
  });

  it('matches SIDs whatever their case', () => {
    expect(
      evaluatePasswordRetrieval({ descriptor: dacl([allowAlice]), tokenSids: [alice.toLowerCase()] }).outcome,
    ).toBe('granted');
  });

  it('builds a logon token with the principal, its groups and the well-known SIDs, each once', () => {
    expect(logonTokenSids(alice, [readers, readers, WellKnownSid.everyone])).toEqual([
      alice,
      readers,
      WellKnownSid.everyone,
      WellKnownSid.authenticatedUsers,
      WellKnownSid.thisOrganization,
    ]);
  });
});
