/** Published test vectors and the ticker rules. Expected values come from the specifications, not the code. */
import { describe, expect, it } from 'vitest';
import { checkAddress, indexKeys, lookupKeys, resolveTicker, supportedChains } from './index.js';

describe('Bitcoin SegWit (BIP-173 / BIP-350 vectors)', () => {
  it.each([
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'p2wpkh'],
    ['bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', 'p2wsh'],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'p2tr'],
    ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'witness-v1'],
    ['BC1SW50QGDZ25J', 'witness-v16'],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'witness-v2'],
  ])('%s is a valid %s', (address, form) => {
    expect(checkAddress('BTC', address)).toMatchObject({
      valid: true,
      chains: ['btc'],
      form,
      canonical: `bech32:${address.toLowerCase()}`,
    });
  });

  it.each([
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', /witness v1 encoded with bech32;/],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', /witness v0 encoded with bech32m/],
    ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', /witness v0 program of 16 bytes/],
    ['bc1pw5dgrnzv', /witness program of 1 bytes/],
    ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', /"o" .* not in the bech32 alphabet/],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', /bech32 checksum mismatch/],
    ['bc1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', /mixed upper and lower case/],
    ['tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', /Bitcoin testnet address \(tb1…\), not valid on Bitcoin mainnet/],
    ['bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', /Bitcoin regtest/],
  ])('%s is invalid: %s', (address, reason) => {
    const check = checkAddress('XBT', address);
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(reason);
    expect(check.canonical).toBe(`raw:${address}`);
  });
});

describe('Bitcoin legacy', () => {
  it('accepts P2PKH and P2SH and keys them as written', () => {
    expect(checkAddress('BTC', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toMatchObject({ valid: true, form: 'p2pkh' });
    expect(checkAddress('BTC', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toMatchObject({
      valid: true,
      form: 'p2sh',
      canonical: 'b58:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
    });
  });

  it('rejects testnet versions with a reason saying so', () => {
    expect(checkAddress('BTC', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn').reason).toMatch(/Bitcoin testnet P2PKH .*0x6f/);
    expect(checkAddress('BTC', '2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc').reason).toMatch(/Bitcoin testnet P2SH .*0xc4/);
  });

  it('names the checksum, alphabet and length failures', () => {
    expect(checkAddress('BTC', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3').reason).toBe('base58check checksum mismatch');
    expect(checkAddress('BTC', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0').reason).toBe(
      'character "0" at position 34 is not base58',
    );
    expect(checkAddress('BTC', '1Gq').reason).toMatch(/too short for a Bitcoin address/);
  });
});

describe('Bitcoin Cash CashAddr (specification vectors)', () => {
  it.each([
    ['1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
    ['1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR', 'bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy'],
    ['16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb', 'bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r'],
    ['3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', 'bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq'],
    ['3LDsS579y7sruadqu11beEJoTjdFiFCdX4', 'bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e'],
    ['31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw', 'bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37'],
  ])('%s = %s in every spelling', (legacy, cashaddr) => {
    const key = `b58:${legacy}`;
    const bare = cashaddr.slice('bitcoincash:'.length);
    for (const spelling of [legacy, cashaddr, cashaddr.toUpperCase(), bare, bare.toUpperCase()]) {
      expect(checkAddress('BCH', spelling), spelling).toMatchObject({ valid: true, chains: ['bch'], canonical: key });
    }
    // The same bytes as a Bitcoin address: one key (the text is literally the same).
    expect(checkAddress('BTC', legacy).canonical).toBe(key);
  });

  it('rejects mixed case, testnet and a corrupted checksum', () => {
    expect(checkAddress('BCH', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvY22gdx6a').reason).toMatch(/mixed/);
    expect(checkAddress('BCH', 'bchtest:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a').reason).toMatch(/testnet/);
    expect(checkAddress('BCH', 'qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c').reason).toBe('CashAddr checksum mismatch');
  });
});

describe('EVM (EIP-55 vectors)', () => {
  it.each([
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0xde709f2102306220921060314715629080e2fb77',
  ])('%s is valid, keyed lower-case', (address) => {
    expect(checkAddress('ETH', address)).toMatchObject({ valid: true, canonical: `evm:${address.toLowerCase()}` });
  });

  it('rejects a mixed-case address whose case does not match EIP-55, naming the right spelling', () => {
    const check = checkAddress('ETH', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD');
    expect(check.valid).toBe(false);
    expect(check.reason).toContain('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
  });

  it('keys one address the same under every EVM chain and token ticker, with or without 0x', () => {
    const lower = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
    for (const ticker of ['ETH', 'ETC', 'ARB', 'BSC', 'MATIC', 'USDT', 'USDC', 'USDT-ERC20', 'SHIB', '']) {
      expect(checkAddress(ticker, lower).canonical, ticker).toBe(`evm:${lower}`);
    }
    expect(checkAddress('ETH', lower.slice(2)).canonical).toBe(`evm:${lower}`);
    expect(checkAddress('ETH', `0X${lower.slice(2).toUpperCase()}`).canonical).toBe(`evm:${lower}`);
  });

  it('lists every EVM chain a token lives on', () => {
    expect(checkAddress('USDT', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed').chains).toEqual(
      expect.arrayContaining(['eth', 'bsc', 'arb']),
    );
    expect(checkAddress('SHIB', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed').chains).toEqual(['evm']);
  });
});

describe('Tron, Litecoin, Zcash, XRP, Monero, Solana', () => {
  it("keys Tron's hex spelling as its T… spelling", () => {
    const key = 'b58:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
    expect(checkAddress('TRX', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t').canonical).toBe(key);
    expect(checkAddress('TRX', '41a614f803b6fd780986a42c78ec9c7f77e6ded13c').canonical).toBe(key);
    expect(checkAddress('USDT', '41A614F803B6FD780986A42C78EC9C7F77E6DED13C').canonical).toBe(key);
  });

  it("keys Litecoin's legacy 3… P2SH as the M… spelling of the same script", () => {
    expect(checkAddress('LTC', '3MSvaVbVFFLML86rt5eqgA9SvW23upaXdY').canonical).toBe(
      'b58:MTf4tP1TCNBn8dNkyxeBVoPrFCcVzxJvvh',
    );
    expect(checkAddress('LTC', 'MTf4tP1TCNBn8dNkyxeBVoPrFCcVzxJvvh').canonical).toBe(
      'b58:MTf4tP1TCNBn8dNkyxeBVoPrFCcVzxJvvh',
    );
  });

  it('reads XRP X-addresses (XLS-5d vectors) as their classic account, with the tag when there is one', () => {
    expect(checkAddress('XRP', 'X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ')).toMatchObject({
      valid: true,
      canonical: 'xrp:r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59',
    });
    const tagged = checkAddress('XRP', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi');
    expect(tagged).toMatchObject({
      canonical: 'xrp:rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf:4294967295',
      accountKey: 'xrp:rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf',
    });
    expect(lookupKeys(tagged)).toEqual([tagged.canonical, 'xrp:rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf']);
    expect(indexKeys(tagged)).toEqual([tagged.canonical]);
  });

  it('accepts Solana program ids (32 bytes) and rejects other lengths', () => {
    expect(checkAddress('SOL', '11111111111111111111111111111111').valid).toBe(true);
    expect(checkAddress('SOL', 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA').valid).toBe(true);
    expect(checkAddress('SOL', 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D').reason).toMatch(/a Solana address is 32/);
  });

  it('says what a 64-hex value under XMR is', () => {
    const check = checkAddress('XMR', 'ab'.repeat(32));
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/transaction id, key or long payment id, not an address/);
  });
});

describe('tickers', () => {
  it('resolves aliases, tokens, TOKEN-CHAIN pairs, empty and unknown tickers', () => {
    expect(resolveTicker(' xbt ')).toEqual({ ticker: 'XBT', kind: 'coin', chains: ['btc'] });
    expect(resolveTicker('USDT').chains).toEqual(expect.arrayContaining(['eth', 'trx', 'omni']));
    expect(resolveTicker('usdt-trc20')).toEqual({ ticker: 'USDT-TRC20', kind: 'token', chains: ['trx'] });
    expect(resolveTicker('USDC (SOL)').chains).toEqual(['sol']);
    expect(resolveTicker('').kind).toBe('any');
    expect(resolveTicker('NEWCOIN')).toEqual({ ticker: 'NEWCOIN', kind: 'unknown', chains: [] });
  });

  it('gives no ticker to two chains of different address families', () => {
    const owners = new Map<string, string>();
    for (const chain of supportedChains()) {
      for (const ticker of chain.tickers) {
        if (['USDT', 'USDC'].includes(ticker)) continue;
        expect(owners.get(ticker), `${ticker}: ${owners.get(ticker)} and ${chain.id}`).toBeUndefined();
        owners.set(ticker, chain.id);
      }
    }
  });

  it('resolves USDT by the address form: Omni, Tron or Ethereum', () => {
    expect(checkAddress('USDT', '3E6ZCKRrsdPc35chA9Eftp1h3DLW18NFNV').chains).toEqual(['omni']);
    expect(checkAddress('USDT', 'TX5GV4DyfxNB3rPkzZJhmqZ1efVmL4rEqG').chains).toEqual(['trx']);
    // Omni's 1… address is a Bitcoin address: the same key.
    expect(checkAddress('USDT', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2').canonical).toBe(
      checkAddress('XBT', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2').canonical,
    );
  });

  it('detects the chain from the address when the ticker is empty', () => {
    expect(checkAddress('', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2').chains).toEqual(['btc', 'bch', 'bsv']);
    expect(checkAddress('', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t').chains).toEqual(['trx']);
    expect(checkAddress('', 'LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z').chains).toEqual(['ltc']);
    expect(checkAddress('', 'hello')).toMatchObject({
      valid: false,
      reason: 'no supported chain has this address form',
    });
  });

  it('matches an unknown ticker exactly, and says which chain its address fits', () => {
    const check = checkAddress('NEWCOIN', '  TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t ');
    expect(check).toMatchObject({
      ticker: 'NEWCOIN',
      valid: false,
      canonical: 'raw:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
      alternates: ['b58:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'],
    });
    expect(check.reason).toMatch(/unknown ticker "NEWCOIN".*matched exactly/);
    expect(checkAddress('NEWCOIN', 'some-opaque-id').canonical).toBe('raw:some-opaque-id');
  });

  it('names the chain an address belongs to when it is listed under the wrong ticker', () => {
    const check = checkAddress('XBT', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(check.reason).toMatch(/^a valid Tron account address, not valid for XBT \(Bitcoin\)$/);
    expect(indexKeys(check)).toEqual([
      'raw:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
      'b58:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ]);
  });

  it('rejects an empty address', () => {
    expect(checkAddress('ETH', '   ')).toMatchObject({ valid: false, canonical: 'raw:', reason: 'empty address' });
  });
});
