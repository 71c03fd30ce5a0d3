package fakeopenai

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// HashEmbedding returns the deterministic embedding the fake gives to text:
// a hashed bag of words of dimension dim, normalised to unit length. Texts
// sharing words get close vectors (cosine similarity = dot product). Words
// are lowercased runs of letters and digits; a text without any word gets
// the zero vector.
func HashEmbedding(text string, dim int) []float32 {
	vec := make([]float64, dim)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		h := fnv.New64a()
		_, _ = h.Write([]byte(w))
		sum := h.Sum64()
		sign := 1.0
		if sum>>63 == 1 {
			sign = -1
		}
		vec[sum%uint64(dim)] += sign
	}
	var norm float64
	for _, v := range vec {
		norm += v * v
	}
	out := make([]float32, dim)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, v := range vec {
		out[i] = float32(v / norm)
	}
	return out
}

// encodeBase64 encodes a vector the way OpenAI does for
// encoding_format=base64: little-endian float32s.
func encodeBase64(vec []float32) string {
	buf := make([]byte, 4*len(vec))
	for i, v := range vec {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	return base64.StdEncoding.EncodeToString(buf)
}
