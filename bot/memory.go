package bot

import (
	"container/list"
	"sync"

	"github.com/articlebot/articlebot/bot/answer"
)

// memory remembers, for the bot's recent answer messages, the conversation
// that led to them (oldest turn first, the answered one last), so a reply to
// one of them is understood as a follow-up. It is bounded: the least
// recently used entries go first.
type memory struct {
	capacity int
	maxTurns int

	mu    sync.Mutex
	order *list.List // of *memoryEntry, most recent at the front
	byID  map[string]*list.Element
}

type memoryEntry struct {
	id    string
	turns []answer.Turn
}

func newMemory(capacity, maxTurns int) *memory {
	return &memory{capacity: max(capacity, 1), maxTurns: max(maxTurns, 1), order: list.New(), byID: map[string]*list.Element{}}
}

// remember stores turns (trimmed to the last maxTurns) for each message id.
func (m *memory) remember(turns []answer.Turn, ids ...string) {
	if len(turns) > m.maxTurns {
		turns = turns[len(turns)-m.maxTurns:]
	}
	turns = append([]answer.Turn(nil), turns...)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		if id == "" {
			continue
		}
		if el, ok := m.byID[id]; ok {
			el.Value.(*memoryEntry).turns = turns
			m.order.MoveToFront(el)
			continue
		}
		m.byID[id] = m.order.PushFront(&memoryEntry{id: id, turns: turns})
		for m.order.Len() > m.capacity {
			last := m.order.Back()
			m.order.Remove(last)
			delete(m.byID, last.Value.(*memoryEntry).id)
		}
	}
}

// recall returns the turns remembered for message id.
func (m *memory) recall(id string) ([]answer.Turn, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.byID[id]
	if !ok {
		return nil, false
	}
	m.order.MoveToFront(el)
	return append([]answer.Turn(nil), el.Value.(*memoryEntry).turns...), true
}

func (m *memory) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}
