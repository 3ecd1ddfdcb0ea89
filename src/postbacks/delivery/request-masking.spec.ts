import { MASKED, maskRequest } from './request-masking';

describe('maskRequest', () => {
  it('masks credential headers, keeping the Authorization scheme', () => {
    const { headers } = maskRequest(
      {
        headers: {
          authorization: 'Bearer s3cr3t-token-value',
          'x-api-key': 'abcdef123456',
          cookie: 'sid=1234567',
          'webhook-signature': 'v1,AAAAbase64==',
          'idempotency-key': '0190c3a4-0000-7000-8000-000000000001',
          'user-agent': 'postback-manager/1.0.0',
        },
        body: null,
      },
      null,
    );
    expect(headers).toEqual({
      authorization: `Bearer ${MASKED}`,
      'x-api-key': MASKED,
      cookie: MASKED,
      'webhook-signature': MASKED,
      'idempotency-key': '0190c3a4-0000-7000-8000-000000000001',
      'user-agent': 'postback-manager/1.0.0',
    });
  });

  it('masks the signing secret and secret header values wherever they appear', () => {
    const { headers, body } = maskRequest(
      {
        headers: {
          'x-token': 'tok-987654',
          'x-echo': 'with tok-987654 inside',
          'content-type': 'text/plain',
        },
        body: 'secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw and tok-987654',
      },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    expect(headers['x-echo']).toBe(`with ${MASKED} inside`);
    expect(body).toBe(`secret=${MASKED} and ${MASKED}`);
  });

  it('masks secret-named fields of JSON and form bodies, and nothing else', () => {
    const json = maskRequest(
      {
        headers: { 'content-type': 'application/json' },
        body: '{"click":"abc","auth":{"password":"pw"},"list":[{"apiKey":"k"}],"n":1}',
      },
      null,
    );
    expect(JSON.parse(json.body!)).toEqual({
      click: 'abc',
      auth: MASKED,
      list: [{ apiKey: MASKED }],
      n: 1,
    });
    const form = maskRequest(
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'subid=abc&api_token=xyz&status=sale',
      },
      null,
    );
    expect(form.body).toBe('subid=abc&api_token=%5Bmasked%5D&status=sale');
  });

  it('leaves a request without secrets as it was', () => {
    const request = { headers: { 'x-note': 'hello' }, body: 'status=sale' };
    expect(maskRequest(request, null)).toEqual(request);
  });
});
