// Package french holds what the knowledge base and the answering layer
// both need to know of written French: how words fold for matching (case,
// accents, ligatures). One folding function, used everywhere, so that
// "sœur", "Soeur" and "soeur" are one word wherever they are compared.
package french
