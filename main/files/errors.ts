/** Stable codes of file-transfer failures; the control API maps them to HTTP statuses. */
export type FileErrorCode =
  | 'BAD_NAME' // a firmware or upload name that cannot be a plain file name
  | 'EMPTY' // a firmware image with no bytes
  | 'TOO_LARGE' // a firmware image over maxFirmwareBytes
  | 'QUOTA' // an upload over maxUploadBytes
  | 'NOT_FOUND' // unknown firmware, transfer or received file
  | 'BAD_HOST' // the charger's local address is not host:port
  | 'FTP_NOT_RUNNING' // an FTP transfer asked for while the FTP server is stopped
  | 'LISTEN' // the FTP port cannot be bound
  | 'BUSY' // a second upload into a transfer that is receiving one
  | 'ABORTED' // the peer went away before the transfer ended
  | 'IO' // the disk refused a read or write
  | 'UNSUPPORTED'; // a received file that is not text nor an archive we open, or is damaged

/** A file-transfer failure with a stable `code` and a message that says what to fix. */
export class FileError extends Error {
  readonly code: FileErrorCode;
  constructor(code: FileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileError';
    this.code = code;
  }
}

export function isFileError(err: unknown, code?: FileErrorCode): err is FileError {
  return err instanceof FileError && (code === undefined || err.code === code);
}
