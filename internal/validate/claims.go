package validate

import "slices"

// claim lists the rows that use one e-mail or username, in file order; most
// identities have one row, which costs no allocation.
type claim struct {
	first int32
	rest  []int32 // further rows, ascending
}

// claims maps an identity (lower case) to the rows using it.
type claims map[string]claim

func (c claims) add(key string, i int32) {
	cl, ok := c[key]
	switch {
	case !ok:
		c[key] = claim{first: i}
		return
	case i < cl.first:
		cl.rest = insertSorted(cl.rest, cl.first)
		cl.first = i
	default:
		cl.rest = insertSorted(cl.rest, i)
	}
	c[key] = cl
}

func (c claims) remove(key string, i int32) {
	cl, ok := c[key]
	if !ok {
		return
	}
	switch {
	case cl.first == i && len(cl.rest) == 0:
		delete(c, key)
		return
	case cl.first == i:
		cl.first, cl.rest = cl.rest[0], cl.rest[1:]
	default:
		cl.rest = slices.DeleteFunc(cl.rest, func(j int32) bool { return j == i })
	}
	c[key] = cl
}

// rows returns every row using key.
func (c claims) rows(key string) []int32 {
	cl, ok := c[key]
	if !ok {
		return nil
	}
	return append([]int32{cl.first}, cl.rest...)
}

func insertSorted(s []int32, v int32) []int32 {
	at, _ := slices.BinarySearch(s, v)
	return slices.Insert(s, at, v)
}
