import { dataSourceOptions, withSearchPath } from './data-source-options';

describe('dataSourceOptions', () => {
  it("hands libpq's options to the pool and keeps them out of TypeORM's URL", () => {
    const url = withSearchPath('postgres://pm:secret@db.internal:5432/pm?sslmode=require', 'x_1');
    const options = dataSourceOptions(url) as { url: string; extra: { options?: string } };
    expect(options.extra.options).toBe('-c search_path=x_1');
    expect(options.url).toBe('postgres://pm:secret@db.internal:5432/pm?sslmode=require');
  });

  it('leaves a URL without options as it was', () => {
    const options = dataSourceOptions('postgres://postgres@127.0.0.1:5432/pm') as {
      url: string;
      extra: { options?: string };
    };
    expect(options.url).toBe('postgres://postgres@127.0.0.1:5432/pm');
    expect(options.extra.options).toBeUndefined();
  });
});
