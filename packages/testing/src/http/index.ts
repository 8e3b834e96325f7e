export { fieldsOf, refusalOf, injector, type InjectMethod } from './inject.js';
