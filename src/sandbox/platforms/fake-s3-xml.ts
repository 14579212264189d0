/** The XML documents the fake S3 answers with, in S3's own shapes and namespace. */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function xml(
  root: string,
  inner: string,
): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${inner}</${root}>`,
  };
}

export function errorXml(
  code: string,
  message: string,
  resource: string,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource>` +
    `<RequestId>${requestId}</RequestId></Error>`
  );
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  modified: Date;
}

export interface ListPage {
  bucket: string;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  entries: (ListedObject | { prefix: string })[];
  encodeKeys: boolean;
  continuation: string | null;
  next: string | null;
}

/** A ListObjectsV2 result page (ListBucketResult). */
export function listXml(p: ListPage): ReturnType<typeof xml> {
  const enc = (s: string): string => escapeXml(p.encodeKeys ? encodeURIComponent(s) : s);
  let inner =
    `<Name>${p.bucket}</Name><Prefix>${enc(p.prefix)}</Prefix>` +
    (p.delimiter ? `<Delimiter>${enc(p.delimiter)}</Delimiter>` : '') +
    `<MaxKeys>${p.maxKeys}</MaxKeys>` +
    (p.encodeKeys ? '<EncodingType>url</EncodingType>' : '') +
    `<KeyCount>${p.entries.length}</KeyCount><IsTruncated>${p.next !== null}</IsTruncated>` +
    (p.continuation ? `<ContinuationToken>${p.continuation}</ContinuationToken>` : '') +
    (p.next ? `<NextContinuationToken>${p.next}</NextContinuationToken>` : '');
  for (const e of p.entries)
    inner +=
      'key' in e
        ? `<Contents><Key>${enc(e.key)}</Key><LastModified>${e.modified.toISOString()}</LastModified>` +
          `<ETag>&quot;${e.etag}&quot;</ETag><Size>${e.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`
        : `<CommonPrefixes><Prefix>${enc(e.prefix)}</Prefix></CommonPrefixes>`;
  return xml('ListBucketResult', inner);
}
