package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisBroker carries notices between nodes over Redis pub/sub, on the
// channel <prefix>:{<sessionID>}:notices. With a standalone or Sentinel
// client every session shares one subscription connection (SUBSCRIBE and
// PUBLISH); with a Cluster client it uses sharded pub/sub (SSUBSCRIBE and
// SPUBLISH, Redis 7), one connection per session to the shard that holds it.
// Local subscribers of one session share one Redis subscription.
type RedisBroker struct {
	rdb     redis.UniversalClient
	prefix  string
	cluster *redis.ClusterClient // non-nil: sharded pub/sub
	shared  *redis.PubSub        // otherwise: every channel on this one

	opMu   sync.Mutex // serialises (un)subscribing in Redis
	mu     sync.RWMutex
	chans  map[string]*brokerChannel // by channel name
	nextID uint64
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup
}

// brokerChannel is one session's channel and its local subscribers.
type brokerChannel struct {
	session   string
	subs      map[uint64]func(Notice)
	ready     chan struct{} // closed once Redis confirms the subscription
	confirmed bool
	ps        *redis.PubSub // cluster: this channel's own subscription
}

var _ Broker = (*RedisBroker)(nil)

// Subscribe waits this long at most for Redis to confirm a new subscription.
const subscribeTimeout = 5 * time.Second

// pubsubBuffer is how many received messages go-redis buffers for the reader.
const pubsubBuffer = 1024

// NewRedisBroker returns a broker on cfg.Client. Close it before the client.
func NewRedisBroker(cfg RedisConfig) *RedisBroker {
	b := &RedisBroker{
		rdb:    cfg.Client,
		prefix: cfg.prefix(),
		chans:  map[string]*brokerChannel{},
		done:   make(chan struct{}),
	}
	if cc, ok := cfg.Client.(*redis.ClusterClient); ok {
		b.cluster = cc
	} else {
		b.shared = cfg.Client.Subscribe(context.Background()) // connects on first use
		b.wg.Add(1)
		go b.read(b.shared, nil)
	}
	return b
}

func (b *RedisBroker) channel(sessionID string) string {
	return sessionTag(b.prefix, sessionID) + ":notices"
}

// Publish implements Broker.
func (b *RedisBroker) Publish(ctx context.Context, n Notice) error {
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("store: publish: %w", err)
	}
	name := b.channel(n.SessionID)
	if b.cluster != nil {
		err = b.cluster.SPublish(ctx, name, body).Err()
	} else {
		err = b.rdb.Publish(ctx, name, body).Err()
	}
	if err != nil {
		return fmt.Errorf("store: publish: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// Subscribe implements Broker. It returns once Redis has confirmed the
// subscription, so a notice published after that reaches fn.
func (b *RedisBroker) Subscribe(ctx context.Context, sessionID string, fn func(Notice)) (func(), error) {
	name := b.channel(sessionID)
	b.opMu.Lock()
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		b.opMu.Unlock()
		return nil, errors.New("store: subscribe: broker is closed")
	}
	c := b.chans[name]
	isNew := c == nil
	if isNew {
		c = &brokerChannel{session: sessionID, subs: map[uint64]func(Notice){}, ready: make(chan struct{})}
		b.chans[name] = c
	}
	b.nextID++
	id := b.nextID
	c.subs[id] = fn
	b.mu.Unlock()
	var err error
	if isNew {
		err = b.listen(ctx, name, c)
	}
	b.opMu.Unlock()

	var once sync.Once
	unsubscribe := func() { once.Do(func() { b.drop(name, c, id) }) }
	if err == nil {
		timer := time.NewTimer(subscribeTimeout)
		defer timer.Stop()
		select {
		case <-c.ready:
			return unsubscribe, nil
		case <-ctx.Done():
			err = ctx.Err()
		case <-b.done:
			err = errors.New("broker is closed")
		case <-timer.C:
			err = errors.New("redis did not confirm the subscription")
		}
	}
	unsubscribe()
	return nil, fmt.Errorf("store: subscribe: %w: %w", ErrUnavailable, err)
}

// listen subscribes to a channel in Redis. Called with opMu held.
func (b *RedisBroker) listen(ctx context.Context, name string, c *brokerChannel) error {
	if b.cluster == nil {
		return b.shared.Subscribe(ctx, name)
	}
	c.ps = b.cluster.SSubscribe(ctx) // no channel yet: connects in SSubscribe below
	if err := c.ps.SSubscribe(ctx, name); err != nil {
		return err
	}
	b.wg.Add(1)
	go b.read(c.ps, c)
	return nil
}

// drop removes one local subscriber, and the Redis subscription with the last one.
func (b *RedisBroker) drop(name string, c *brokerChannel, id uint64) {
	b.opMu.Lock()
	defer b.opMu.Unlock()
	b.mu.Lock()
	delete(c.subs, id)
	last := len(c.subs) == 0 && b.chans[name] == c
	if last {
		delete(b.chans, name)
	}
	b.mu.Unlock()
	if !last {
		return
	}
	if c.ps != nil {
		_ = c.ps.Close()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), subscribeTimeout)
	defer cancel()
	// An error here leaves nothing behind: go-redis forgets the channel
	// first, and a broken connection is replaced without it.
	_ = b.shared.Unsubscribe(ctx, name)
}

// read delivers what arrives on ps until it is closed. own is the channel
// that ps serves alone (cluster), or nil when ps is shared.
func (b *RedisBroker) read(ps *redis.PubSub, own *brokerChannel) {
	defer b.wg.Done()
	for m := range ps.ChannelWithSubscriptions(redis.WithChannelSize(pubsubBuffer)) {
		switch m := m.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" || m.Kind == "ssubscribe" {
				b.confirm(m.Channel, own)
			}
		case *redis.Message:
			b.deliver(m)
		}
	}
}

// confirm marks a channel subscribed. A confirmation of a channel that was
// confirmed before comes after go-redis reconnected and resubscribed (Redis
// restarted, or a failover): notices published in between are lost, so the
// subscribers get a state notice with Seq 0, which pushes a fresh snapshot.
func (b *RedisBroker) confirm(name string, c *brokerChannel) {
	b.mu.Lock()
	if c == nil {
		c = b.chans[name]
	}
	if c == nil {
		b.mu.Unlock()
		return
	}
	if !c.confirmed {
		c.confirmed = true
		close(c.ready)
		b.mu.Unlock()
		return
	}
	if b.chans[name] != c { // unsubscribed meanwhile
		b.mu.Unlock()
		return
	}
	fns := make([]func(Notice), 0, len(c.subs))
	for _, fn := range c.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(Notice{SessionID: c.session, Kind: NoticeState})
	}
}

func (b *RedisBroker) deliver(m *redis.Message) {
	var n Notice
	if err := json.Unmarshal([]byte(m.Payload), &n); err != nil {
		return // not ours; a notice is only a hint anyway
	}
	b.mu.RLock()
	c := b.chans[m.Channel]
	var fns []func(Notice)
	if c != nil {
		fns = make([]func(Notice), 0, len(c.subs))
		for _, fn := range c.subs {
			fns = append(fns, fn)
		}
	}
	b.mu.RUnlock()
	for _, fn := range fns {
		fn(n)
	}
}

// Close implements Broker: it ends every subscription and waits for the
// readers. It leaves the client open: the caller owns it.
func (b *RedisBroker) Close() error {
	b.opMu.Lock()
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		b.opMu.Unlock()
		return nil
	}
	b.closed = true
	close(b.done)
	chans := b.chans
	b.chans = map[string]*brokerChannel{}
	b.mu.Unlock()
	var err error
	if b.shared != nil {
		err = b.shared.Close()
	}
	for _, c := range chans {
		if c.ps != nil {
			_ = c.ps.Close()
		}
	}
	b.opMu.Unlock()
	b.wg.Wait()
	if err != nil {
		return fmt.Errorf("store: close broker: %w", err)
	}
	return nil
}
