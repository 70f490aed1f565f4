/** Text grounded in the scene: words and mentions of taxonomy classes, what a text describes, hallucination and contradiction flags. */
export * from './offsets';
export { fold, tokenize, type Token } from './tokens';
export { baseForms, type Inflected } from './inflect';
export { classLexicon, type Lexicon, type LexiconEntry } from './lexicon';
export { analyzeText, detectMentions, type Mention, type TextAnalysis } from './mentions';
export { colourOf, colourValue } from './colours';
export { assertionsAbout, type Assertions, type ColourAssertion, type SizeAssertion } from './assertions';
export { groundingOf, hostKey, SceneGrounding, type Described, type DescribedSample } from './grounding';
export { analysisOf, pixelSpacing, textFlags, type TextFlag } from './flags';
