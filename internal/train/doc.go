// Package train fits the answer scoring model (bot/answer's Model) on
// question sets with known answers: a softmax ranker over each question's
// candidate sentences, then a logistic decider that turns the best
// candidate into the probability that the answer is right, then the
// confidence threshold. Cross-validation folds group the questions by
// article, so that no question is scored by a model fitted on its own
// text. `articlebot train` runs it.
package train
