// Package shared finds the read-only material that sits beside the
// repository in the development workplace (../shared: the article, the PIAF
// data set, Discord's and OpenAI's API descriptions). Tests that use it skip
// with a clear message when it is absent.
package shared
