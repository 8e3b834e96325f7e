export { fieldsOf, refusalOf, refusalOfResponse, injector, type InjectMethod } from './inject.js';
