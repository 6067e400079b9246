import { describe, expect, it } from 'vitest';
import { changesOf, type ProfileValues } from './profile-changes.ts';

const stored: ProfileValues = {
  name: 'Dilnoza',
  phone: '+998 90 *** ** 01',
  birthday: '',
  tags: 'vip, ulgurji',
  notes: '',
};

describe('customer profile changes', () => {
  it('sends nothing when only spacing changed', () => {
    expect(changesOf(stored, { ...stored, name: ' Dilnoza ', tags: 'vip,ulgurji ' }, false)).toEqual({});
  });

  it('sends each changed field, clearing emptied ones with null', () => {
    expect(
      changesOf(
        stored,
        { ...stored, name: '', birthday: '1990-05-01', tags: 'vip', notes: ' Tez-tez keladi ' },
        false,
      ),
    ).toEqual({ name: null, birthday: '1990-05-01', tags: ['vip'], notes: 'Tez-tez keladi' });
  });

  it('never sends a masked phone back, but sends a phone typed over it', () => {
    expect(changesOf(stored, { ...stored, phone: '+998 90 *** ** 02' }, false)).toEqual({});
    expect(changesOf(stored, { ...stored, phone: '93 111 22 01' }, false)).toEqual({ phone: '93 111 22 01' });
  });
});
