// The two natural modules the scope needs, imported by path: the package's index loads every module
// (WordNet, storage back ends, dotenv that prints to stdout) and takes seconds; these load in
// milliseconds. Declared here because the package's own index.d.ts pulls in .ts sources that do not
// compile under this project's `verbatimModuleSyntax`.
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  interface Classification {
    label: string;
    value: number;
  }
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    /** Feature → document count; its key order is the order of the dense vectors. */
    features: Record<string, number>;
    classifier: { getClassifications(observation: number[]): Classification[] };
    addDocument(text: string | string[], classification: string): void;
    train(): void;
    getClassifications(observation: string | string[]): Classification[];
    classify(observation: string | string[]): string;
  }
  export default BayesClassifier;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: {
    stem(token: string): string;
    tokenizeAndStem(text: string, keepStops?: boolean): string[];
  };
  export default PorterStemmer;
}
