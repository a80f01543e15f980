import {
  AccessRight,
  accessRightNames,
  describeAccessMask,
  DS_ALL_RIGHTS,
  hasGenericRights,
  mapGenericRights,
} from '../../../../src/domain/directory/accessMask.js';

describe('access masks of directory objects', () => {
  it.each<[string, number, number]>([
    ['GenericRead to ReadControl, ListChildren, ReadProperty, ListObject', AccessRight.genericRead, 0x20094],
    ['GenericWrite to ReadControl, Self, WriteProperty', AccessRight.genericWrite, 0x20028],
    ['GenericExecute to ReadControl, ListChildren', AccessRight.genericExecute, 0x20004],
    ['GenericAll to every right (0xF01FF)', AccessRight.genericAll, DS_ALL_RIGHTS],
    ['specific rights unchanged', AccessRight.readProperty | AccessRight.writeDacl, 0x40010],
    ['GenericRead plus Delete to both', AccessRight.genericRead | AccessRight.delete, 0x30094],
  ])('maps %s', (_name, mask, mapped) => {
    expect(mapGenericRights(mask)).toBe(mapped);
  });

  it('tells generic masks from specific ones', () => {
    expect(hasGenericRights(AccessRight.genericAll)).toBe(true);
    expect(hasGenericRights(DS_ALL_RIGHTS)).toBe(false);
  });

  it.each<[number, string[]]>([
    [0x10, ['ReadProperty']],
    [0x20094, ['ListChildren', 'ReadProperty', 'ListObject', 'ReadControl']],
    [0x10000000, ['GenericAll']],
    [0x00400000, ['0x400000']],
    [0, []],
  ])('names the rights of 0x%s as PowerShell does', (mask, names) => {
    expect(accessRightNames(mask)).toEqual(names);
  });

  it.each<[number, string]>([
    [DS_ALL_RIGHTS, 'FullControl (0xF01FF)'],
    [0x10, 'ReadProperty (0x10)'],
    [0x80000000, 'GenericRead (0x80000000)'],
    [0, 'none'],
  ])('describes 0x%s as "%s"', (mask, text) => {
    expect(describeAccessMask(mask)).toBe(text);
  });
});
