import { AddressPolicy, canonicalizeAddress } from './address-policy';

const strict = new AddressPolicy([]);

describe('AddressPolicy — IPv4 blocked ranges', () => {
  it.each([
    ['0.0.0.0/8', ['0.0.0.0', '0.255.255.255']],
    ['10.0.0.0/8', ['10.0.0.1', '10.255.255.255']],
    ['100.64.0.0/10 (CGNAT)', ['100.64.0.0', '100.127.255.255']],
    ['127.0.0.0/8', ['127.0.0.1', '127.255.255.254']],
    ['169.254.0.0/16', ['169.254.0.1', '169.254.169.254', '169.254.255.255']],
    ['172.16.0.0/12', ['172.16.0.1', '172.31.255.255']],
    ['192.0.0.0/24', ['192.0.0.0', '192.0.0.255']],
    ['192.0.2.0/24', ['192.0.2.1']],
    ['192.88.99.0/24', ['192.88.99.1']],
    ['192.168.0.0/16', ['192.168.0.1', '192.168.255.255']],
    ['198.18.0.0/15', ['198.18.0.1', '198.19.255.255']],
    ['198.51.100.0/24', ['198.51.100.7']],
    ['203.0.113.0/24', ['203.0.113.9']],
    ['224.0.0.0/4 (multicast)', ['224.0.0.1', '239.255.255.255']],
    ['240.0.0.0/4 (reserved)', ['240.0.0.1', '254.255.255.255']],
    ['broadcast', ['255.255.255.255']],
  ])('blocks %s', (_range, addresses) => {
    for (const address of addresses) expect(strict.isAllowed(address)).toBe(false);
  });

  it.each([
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.0',
    '192.0.3.0',
    '192.88.98.255',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '198.51.99.255',
    '203.0.112.255',
    '223.255.255.255',
  ])('allows the public neighbour %s', (address) => {
    expect(strict.isAllowed(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34'])('allows public %s', (address) => {
    expect(strict.isAllowed(address)).toBe(true);
  });
});

describe('AddressPolicy — IPv6 blocked ranges', () => {
  it.each([
    ['::/128', ['::', '0:0:0:0:0:0:0:0']],
    ['::1/128', ['::1', '0:0:0:0:0:0:0:1']],
    ['64:ff9b:1::/48 (local NAT64)', ['64:ff9b:1::1']],
    ['100::/64', ['100::1', '100::ffff:ffff:ffff:ffff']],
    ['2001::/23', ['2001::1', '2001:1ff:ffff::1', '2001:2::1', '2001:20::1']],
    ['2001:db8::/32', ['2001:db8::1', '2001:db8:ffff::1']],
    ['2002::/16 (6to4)', ['2002:7f00:1::1', '2002:808:808::1']],
    ['3fff::/20', ['3fff::1']],
    ['5f00::/16', ['5f00::1']],
    ['fc00::/7 (unique-local)', ['fc00::1', 'fd00::1', 'fd00:ec2::254', 'fdff:ffff::1']],
    ['fe80::/10 (link-local)', ['fe80::1', 'febf:ffff::1', 'fe80::1%eth0']],
    ['fec0::/10 (site-local)', ['fec0::1']],
    ['ff00::/8 (multicast)', ['ff02::1', 'ff05::1:3', 'ffff::1']],
  ])('blocks %s', (_range, addresses) => {
    for (const address of addresses) expect(strict.isAllowed(address)).toBe(false);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::200e', '2001:200::1'])(
    'allows public %s',
    (address) => {
      expect(strict.isAllowed(address)).toBe(true);
    },
  );

  it.each(['fbff:ffff::1', 'ff::1', '2001:db7:ffff::1', '2001:db9::1', '64:ff9a::1', '2003::1'])(
    'allows the neighbour %s outside the blocked ranges',
    (address) => {
      expect(strict.isAllowed(address)).toBe(true);
    },
  );
});

describe('AddressPolicy — IPv4 embedded in IPv6', () => {
  it.each([
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '0:0:0:0:0:ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::ffff:0.0.0.0',
    '::ffff:192.168.1.1',
  ])('blocks the IPv4-mapped %s', (address) => {
    expect(strict.isAllowed(address)).toBe(false);
  });

  it.each(['::127.0.0.1', '::7f00:1', '::10.0.0.1', '::2'])(
    'blocks the IPv4-compatible %s',
    (address) => {
      expect(strict.isAllowed(address)).toBe(false);
    },
  );

  it.each(['64:ff9b::127.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe'])(
    'blocks the NAT64 %s',
    (address) => {
      expect(strict.isAllowed(address)).toBe(false);
    },
  );

  it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '64:ff9b::101:101'])(
    'allows %s, which embeds a public IPv4',
    (address) => {
      expect(strict.isAllowed(address)).toBe(true);
    },
  );
});

describe('AddressPolicy — input forms', () => {
  it('accepts bracketed IPv6 literals', () => {
    expect(strict.isAllowed('[::1]')).toBe(false);
    expect(strict.isAllowed('[::ffff:127.0.0.1]')).toBe(false);
    expect(strict.isAllowed('[2606:4700:4700::1111]')).toBe(true);
  });

  it.each([
    '',
    'localhost',
    'example.com',
    '127.1',
    '2130706433',
    '0x7f.0.0.1',
    '0177.0.0.1',
    '127.0.0.1:80',
    ' 8.8.8.8',
    '8.8.8.8 ',
    '256.1.1.1',
    '[8.8.8.8]',
    '[::1',
    '::1]',
    ':::1',
    '2606:4700:4700::1111::1',
    'http://8.8.8.8/',
  ])('refuses %p, which is not an IP address', (input) => {
    expect(strict.isAllowed(input)).toBe(false);
  });
});

describe('AddressPolicy — allow-list', () => {
  const loopbackOpen = new AddressPolicy(['127.0.0.0/8']);

  it('opens an IPv4 range that is otherwise blocked', () => {
    expect(loopbackOpen.isAllowed('127.0.0.1')).toBe(true);
    expect(loopbackOpen.isAllowed('127.12.0.1')).toBe(true);
  });

  it('opens the IPv4-mapped forms of that range too', () => {
    expect(loopbackOpen.isAllowed('::ffff:127.0.0.1')).toBe(true);
    expect(loopbackOpen.isAllowed('::ffff:7f00:1')).toBe(true);
    expect(loopbackOpen.isAllowed('[::ffff:7f00:1]')).toBe(true);
  });

  it('opens only what it lists', () => {
    expect(loopbackOpen.isAllowed('::1')).toBe(false);
    expect(loopbackOpen.isAllowed('10.0.0.1')).toBe(false);
    expect(loopbackOpen.isAllowed('169.254.169.254')).toBe(false);
    expect(loopbackOpen.isAllowed('8.8.8.8')).toBe(true);
  });

  it('opens IPv6 ranges', () => {
    const policy = new AddressPolicy(['::1/128', 'fd00::/8']);
    expect(policy.isAllowed('::1')).toBe(true);
    expect(policy.isAllowed('[::1]')).toBe(true);
    expect(policy.isAllowed('fd12::1')).toBe(true);
    expect(policy.isAllowed('fc00::1')).toBe(false);
    expect(policy.isAllowed('127.0.0.1')).toBe(false);
  });

  it('opens embedded-IPv4 forms when their IPv6 prefix is listed', () => {
    const policy = new AddressPolicy(['64:ff9b::/96']);
    expect(policy.isAllowed('64:ff9b::7f00:1')).toBe(true);
    expect(policy.isAllowed('127.0.0.1')).toBe(false);
  });

  it('opens a single host given without a prefix', () => {
    const policy = new AddressPolicy(['10.1.2.3']);
    expect(policy.isAllowed('10.1.2.3')).toBe(true);
    expect(policy.isAllowed('10.1.2.4')).toBe(false);
  });

  it('never opens invalid input', () => {
    expect(new AddressPolicy(['0.0.0.0/0', '::/0']).isAllowed('localhost')).toBe(false);
  });

  it('refuses to build from an invalid CIDR', () => {
    expect(() => new AddressPolicy(['127.0.0.0/33'])).toThrow(/127\.0\.0\.0\/33/);
  });
});

describe('canonicalizeAddress', () => {
  it('keeps plain IPv4 and IPv6', () => {
    expect(canonicalizeAddress('8.8.8.8')).toEqual({ address: '8.8.8.8', family: 'ipv4' });
    expect(canonicalizeAddress('::1')).toEqual({ address: '::1', family: 'ipv6' });
    expect(canonicalizeAddress('::')).toEqual({ address: '::', family: 'ipv6' });
  });

  it('reduces IPv4-mapped, IPv4-compatible and NAT64 addresses to IPv4', () => {
    for (const address of ['::ffff:7f00:1', '::ffff:127.0.0.1', '::7f00:1', '64:ff9b::7f00:1']) {
      expect(canonicalizeAddress(address)).toEqual({ address: '127.0.0.1', family: 'ipv4' });
    }
    expect(canonicalizeAddress('::ffff:c0a8:fe01')).toEqual({
      address: '192.168.254.1',
      family: 'ipv4',
    });
  });

  it('returns null for anything that is not an IP address', () => {
    expect(canonicalizeAddress('example.com')).toBeNull();
    expect(canonicalizeAddress('[::1]')).toBeNull();
  });
});
