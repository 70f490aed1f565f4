/** The review record lives in the schema (it is persisted in scene.qa.reviews). */
export { ReviewDecision, ReviewRecord } from '../../schema/review';
