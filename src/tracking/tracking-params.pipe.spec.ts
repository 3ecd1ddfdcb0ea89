import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ClickParamsDto, ImpressionParamsDto } from './tracking-link.dto';
import { trackingParamsFailed } from './tracking-params';
import { TrackingParamsPipe } from './tracking-params.pipe';

const pipe = (dto: typeof ImpressionParamsDto) =>
  dto === ClickParamsDto ? TrackingParamsPipe.forClicks() : TrackingParamsPipe.forImpressions();

// The plain ValidationPipe the fast path must agree with.
const reference = (expectedType: typeof ImpressionParamsDto) =>
  new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: trackingParamsFailed,
  });
const query: ArgumentMetadata = { type: 'query', metatype: Object, data: undefined };

async function refusal(value: Record<string, unknown>): Promise<DomainError> {
  try {
    await pipe(ClickParamsDto).transform(value, query);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('tracking link parameters', () => {
  it('converts ids, drops unknown parameters and keeps known ones', async () => {
    const params = await pipe(ClickParamsDto).transform(
      { offer_id: '12', aff_id: '7', sub1: 'a b', utm_source: 'junk', aff_click_id: 'x' },
      query,
    );
    expect(params).toEqual({ offer_id: 12, aff_id: 7, sub1: 'a b', aff_click_id: 'x' });
    expect(params).toBeInstanceOf(ClickParamsDto);
  });

  it('takes the first value of a repeated parameter', async () => {
    const params = await pipe(ClickParamsDto).transform(
      { offer_id: ['3', '4'], aff_id: '5', sub2: ['first', 'second'] },
      query,
    );
    expect(params).toMatchObject({ offer_id: 3, aff_id: 5, sub2: 'first' });
  });

  it.each([
    [{ aff_id: '1' }, 'offer_id'],
    [{ offer_id: '1' }, 'aff_id'],
    [{ offer_id: 'abc', aff_id: '1' }, 'offer_id'],
    [{ offer_id: '1', aff_id: '0' }, 'aff_id'],
    [{ offer_id: '1.5', aff_id: '1' }, 'offer_id'],
    [{ offer_id: '99999999999', aff_id: '1' }, 'offer_id'],
  ])('refuses %j naming %s', async (value, field) => {
    const error = await refusal(value);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.field)).toEqual([field]);
    expect(error.message).toContain(field);
  });

  it.each([
    ['external_transaction_id', 256],
    ['aff_click_id', 256],
    ['sub1', 512],
    ['sub5', 512],
    ['source', 512],
  ])('refuses %s longer than %i characters as parameter_too_long', async (name, max) => {
    const ok = (await pipe(ClickParamsDto).transform(
      { offer_id: '1', aff_id: '1', [name]: 'x'.repeat(max) },
      query,
    )) as Record<string, string>;
    expect(ok[name]).toHaveLength(max);
    const error = await refusal({ offer_id: '1', aff_id: '1', [name]: 'x'.repeat(max + 1) });
    expect(error.code).toBe('parameter_too_long');
    expect(error.details).toEqual([expect.objectContaining({ field: name })]);
  });

  it('counts characters as PostgreSQL does (variation selectors count, pairs are one)', async () => {
    const emoji = '👍'.repeat(256); // 512 UTF-16 units, 256 characters
    await expect(
      pipe(ClickParamsDto).transform(
        { offer_id: '1', aff_id: '1', external_transaction_id: emoji },
        query,
      ),
    ).resolves.toBeDefined();
    const selectors = 'a\uFE0F'.repeat(129); // 258 characters; class-validator's MaxLength says 129
    const error = await refusal({ offer_id: '1', aff_id: '1', external_transaction_id: selectors });
    expect(error.code).toBe('parameter_too_long');
  });

  it('keeps validation_failed when a too-long value comes with another failure', async () => {
    const error = await refusal({ aff_id: '1', sub1: 'x'.repeat(600) });
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.field).sort()).toEqual(['offer_id', 'sub1']);
  });

  it('impressions have no click id parameters', async () => {
    const params = await pipe(ImpressionParamsDto).transform(
      { offer_id: '1', aff_id: '2', external_transaction_id: 'x', source: 's' },
      query,
    );
    expect(params).toEqual({ offer_id: 1, aff_id: 2, source: 's' });
  });
});

describe('TrackingParamsPipe fast path', () => {
  const inputs: Record<string, unknown>[] = [
    { offer_id: '1', aff_id: '2' },
    { offer_id: '12', aff_id: '7', sub1: 'a', sub2: '', source: 'fb', junk: 'x' },
    { offer_id: '2147483647', aff_id: '1', external_transaction_id: 'e'.repeat(256) },
    { offer_id: '1', aff_id: '1', aff_click_id: 'a', external_transaction_id: 'b' },
    { offer_id: '1', aff_id: '1', sub5: '👍'.repeat(300) },
    { offer_id: '1', aff_id: '1', sub4: 'x'.repeat(512) },
    { offer_id: '007', aff_id: '1' },
    { offer_id: ' 1', aff_id: '1' },
    { offer_id: '1e3', aff_id: '1' },
    { offer_id: ['1'], aff_id: '1', sub1: ['a', 'b'] },
  ];

  it.each(inputs.map((input) => [input]))(
    'builds what the ValidationPipe builds for %j',
    async (input) => {
      for (const dto of [ClickParamsDto, ImpressionParamsDto]) {
        const settle = (p: Promise<unknown>) =>
          p.then(
            (v) => ({ ok: v }),
            (e: unknown) => ({ error: e }),
          );
        const fast = await settle(pipe(dto).transform({ ...input }, query));
        const slow = await settle(reference(dto).transform({ ...input }, query));
        expect(fast).toEqual(slow);
        if ('ok' in fast) expect(fast.ok).toBeInstanceOf(dto);
      }
    },
  );

  it('takes the fast path only for canonical input', () => {
    const clicks = TrackingParamsPipe.forClicks();
    expect(clicks.fastPath({ offer_id: '3', aff_id: '4', sub1: 's', other: 'x' })).toEqual(
      Object.assign(new ClickParamsDto(), { offer_id: 3, aff_id: 4, sub1: 's' }),
    );
    expect(clicks.fastPath({ offer_id: '3' })).toBeNull();
    expect(clicks.fastPath({ offer_id: '03', aff_id: '4' })).toBeNull();
    expect(clicks.fastPath({ offer_id: '3', aff_id: '4', sub1: ['a'] })).toBeNull();
    expect(clicks.fastPath({ offer_id: '3', aff_id: '4', sub1: 'x'.repeat(513) })).toBeNull();
    expect(clicks.fastPath({ offer_id: '3000000000', aff_id: '4' })).toBeNull();
    const impressions = TrackingParamsPipe.forImpressions();
    expect(impressions.fastPath({ offer_id: '3', aff_id: '4', aff_click_id: 'x' })).toEqual(
      Object.assign(new ImpressionParamsDto(), { offer_id: 3, aff_id: 4 }),
    );
  });
});
