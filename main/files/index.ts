export { createFileService, type FileService, type FileServiceOptions, type TransferRequest } from './file-service.ts';
export { FileError, isFileError, type FileErrorCode } from './errors.ts';
