/** Saves a received file: fetched with the token through the API client, handed to the browser as a blob. */
import { call } from '../api/client.ts';

export async function downloadTransferContent(transferId: string, fileName: string): Promise<void> {
  const bytes = await call('GET /api/transfers/:id/content', { params: { id: transferId } });
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
