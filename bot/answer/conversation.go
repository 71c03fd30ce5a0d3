package answer

// FollowUp returns the history a follow-up of question carries once it got
// the answer text: history, then this turn, of which the last keep turns
// (keep <= 0: all). A Discord reply chain and the terminal prompt carry a
// conversation this way, as the Request.History of the next question; Ask
// uses it only when that question cannot be answered alone ("et qui l'a
// dit ?"). history is not modified.
func FollowUp(history []Turn, question, text string, keep int) []Turn {
	turns := make([]Turn, 0, len(history)+1)
	turns = append(append(turns, history...), Turn{Question: question, Answer: text})
	if keep > 0 && len(turns) > keep {
		turns = turns[len(turns)-keep:]
	}
	return turns
}
