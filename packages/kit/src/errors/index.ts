export { ErrorCodes, type ErrorCode } from './error-codes.js';
export {
  AppError,
  type AppErrorOptions,
  isAppError,
  badRequest,
  unauthorized,
  forbidden,
  notFound,
  conflict,
  unprocessable,
  tooManyRequests,
  badGateway,
  serviceUnavailable,
} from './app-error.js';
