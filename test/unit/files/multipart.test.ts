import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { expect, test } from 'vitest';
import { MultipartError, MultipartFileExtractor, multipartBoundary, type FilePartInfo } from '../../../main/files/multipart.ts';

const B = '----cs7MA4YWxkTrZu0gW';
const file = Buffer.concat([Buffer.from('PK\x03\x04 binary \r\n--not-the-boundary\r\n'), Buffer.alloc(3000, 0xab), Buffer.from('\r\n-')]);

function body(parts: { headers: string; content: Buffer | string }[], { preamble = '', epilogue = '' } = {}): Buffer {
  const chunks: Buffer[] = [Buffer.from(preamble)];
  for (const p of parts) chunks.push(Buffer.from(`--${B}\r\n${p.headers}\r\n\r\n`), Buffer.from(p.content), Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${B}--\r\n${epilogue}`));
  return Buffer.concat(chunks);
}

async function extract(input: Buffer, chunkSize: number): Promise<{ info: FilePartInfo | null; bytes: Buffer }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));
  const ex = new MultipartFileExtractor(B);
  let info: FilePartInfo | null = null;
  ex.once('file', (i: FilePartInfo) => (info = i));
  const out = buffer(Readable.from(chunks).pipe(ex));
  return { bytes: await out, get info() { return info; } };
}

const typical = body(
  [
    { headers: 'Content-Disposition: form-data; name="chargeBoxId"', content: 'CP-7' },
    { headers: 'Content-Disposition: form-data; name="file"; filename="diag.zip"\r\nContent-Type: application/zip', content: file },
    { headers: 'Content-Disposition: form-data; name="other"; filename="second.txt"', content: 'ignored' },
  ],
  { preamble: 'This is the preamble.\r\n', epilogue: 'epilogue' },
);

test('the first file part is extracted byte for byte whatever the chunking, even with boundary-like content', async () => {
  for (const size of [1, 2, 3, 7, 40, 41, 42, 64, 1000, typical.length]) {
    const r = await extract(typical, size);
    expect(r.bytes.equals(file), `chunk size ${size}`).toBe(true);
    expect(r.info, `chunk size ${size}`).toEqual({ fileName: 'diag.zip', fieldName: 'file', contentType: 'application/zip' });
  }
});

test('a part without filename counts as the file when it is named like one or is not plain text', async () => {
  const named = body([{ headers: 'Content-Disposition: form-data; name="upload"', content: 'abc' }]);
  expect((await extract(named, 5)).bytes.toString()).toBe('abc');
  const typed = body([{ headers: 'Content-Disposition: form-data; name="x"\r\nContent-Type: application/gzip', content: 'gz' }]);
  expect((await extract(typed, 5)).bytes.toString()).toBe('gz');
});

test('a filename with a Windows path and an RFC 8187 filename* are read as sent', async () => {
  const win = body([{ headers: 'Content-Disposition: form-data; name="f"; filename="C:\\logs\\a.gz"', content: 'x' }]);
  expect((await extract(win, 10)).info?.fileName).toBe('C:\\logs\\a.gz');
  const ext = body([{ headers: `Content-Disposition: form-data; name="f"; filename="x.txt"; filename*=UTF-8''%E2%82%AC.log`, content: 'x' }]);
  expect((await extract(ext, 10)).info?.fileName).toBe('€.log');
});

test('an empty file part gives an empty file', async () => {
  const empty = body([{ headers: 'Content-Disposition: form-data; name="file"; filename="e.log"', content: '' }]);
  expect((await extract(empty, 3)).bytes.length).toBe(0);
});

test('a body without a file part, or that ends inside the file part, fails with a MultipartError that says so', async () => {
  const none = body([{ headers: 'Content-Disposition: form-data; name="note"', content: 'hello' }]);
  await expect(extract(none, 8)).rejects.toThrow(new MultipartError('the multipart body holds no file part'));
  const cut = typical.subarray(0, typical.indexOf('second.txt') - 200);
  await expect(extract(cut, 8)).rejects.toThrow(/ended inside the file part/);
});

test('the boundary is read from the Content-Type, quoted or not, and only for multipart/form-data', () => {
  expect(multipartBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
  expect(multipartBoundary(`Multipart/Form-Data; charset=utf-8; boundary="a b;c"`)).toBe('a b;c');
  expect(multipartBoundary('application/octet-stream')).toBeNull();
  expect(multipartBoundary('multipart/form-data')).toBeNull();
  expect(multipartBoundary(undefined)).toBeNull();
});
