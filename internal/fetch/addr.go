package fetch

import "net/netip"

// special is a range of addresses a fetch never connects to, and why.
type special struct {
	prefix netip.Prefix
	why    string
}

// metadataRanges are cloud metadata addresses (AWS, GCP, Azure, ECS,
// Alibaba), named as such although other ranges hold them.
func metadataRanges() []special {
	p := netip.MustParsePrefix
	return []special{
		{p("169.254.169.254/32"), "a cloud metadata address"},
		{p("169.254.170.2/32"), "a cloud metadata address"},
		{p("100.100.100.200/32"), "a cloud metadata address"},
		{p("fd00:ec2::254/128"), "a cloud metadata address"},
	}
}

// reservedRanges are the ranges the netip predicates do not name.
func reservedRanges() []special {
	p := netip.MustParsePrefix
	return []special{
		{p("0.0.0.0/8"), "unspecified (this network)"},
		{p("100.64.0.0/10"), "shared address space (CGNAT)"},
		{p("192.0.0.0/24"), "reserved (IETF protocol assignments)"},
		{p("192.0.2.0/24"), "reserved (documentation)"},
		{p("198.18.0.0/15"), "reserved (benchmarking)"},
		{p("198.51.100.0/24"), "reserved (documentation)"},
		{p("203.0.113.0/24"), "reserved (documentation)"},
		{p("240.0.0.0/4"), "reserved (or broadcast)"},
		{p("::/96"), "reserved (IPv4-compatible)"},
		{p("100::/64"), "reserved (discard)"},
		{p("2001::/32"), "reserved (Teredo)"},
		{p("2001:db8::/32"), "reserved (documentation)"},
		{p("fec0::/10"), "site-local"},
		{p("64:ff9b:1::/48"), "reserved (local-use NAT64)"},
	}
}

// Blocked reports whether a fetch must not connect to a, and why: a
// loopback, private, link-local, unspecified, multicast, CGNAT, cloud
// metadata or other reserved address, or a NAT64 or 6to4 address that
// embeds one. An IPv4-mapped IPv6 address is judged as its IPv4 address.
func Blocked(a netip.Addr) (why string, blocked bool) {
	a = a.Unmap().WithZone("")
	if !a.IsValid() {
		return "not an IP address", true
	}
	for _, s := range metadataRanges() {
		if s.prefix.Contains(a) {
			return s.why, true
		}
	}
	switch {
	case a.IsUnspecified():
		return "unspecified", true
	case a.IsLoopback():
		return "loopback", true
	case a.IsPrivate():
		return "private", true
	case a.IsLinkLocalUnicast():
		return "link-local", true
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast", true
	}
	for _, s := range reservedRanges() {
		if s.prefix.Contains(a) {
			return s.why, true
		}
	}
	if !a.IsGlobalUnicast() {
		return "not a global unicast address", true
	}
	if a.Is6() {
		b := a.As16()
		if v4, ok := embeddedIPv4(b); ok {
			if why, bad := Blocked(v4); bad {
				return why + ", embedded in " + a.String(), true
			}
		}
	}
	return "", false
}

// embeddedIPv4 returns the IPv4 address a NAT64 (64:ff9b::/96) or 6to4
// (2002::/16) address carries.
func embeddedIPv4(b [16]byte) (netip.Addr, bool) {
	a := netip.AddrFrom16(b)
	switch {
	case netip.MustParsePrefix("64:ff9b::/96").Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case netip.MustParsePrefix("2002::/16").Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}
