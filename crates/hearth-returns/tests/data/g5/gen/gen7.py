exec(open('/tmp/g5/gen.py').read().split('# PrevPerm')[0])
OUT='/tmp/g5/lab7'; PREV='/tmp/g5/lab7prev'
cases={
'A':[('01/06/2024','S','01/10/2024','E8'),('01/11/2024','S','')],
'B':[('01/06/2024','S','01/10/2024','E8'),('01/11/2024','S','01/12/2024','E8'),('01/01/2025','S','')],
'C':[('01/06/2024','S','01/10/2024','X1'),('01/10/2024','P','01/12/2024','X1'),('01/12/2024','P','')],
'D':[('01/06/2024','S','01/10/2024','E8'),('01/11/2024','S','01/12/2024','E8'),('01/01/2025','S','01/02/2025','E8')],
'E':[('01/06/2024','S','01/10/2024','E8'),('01/11/2024','S','01/12/2024','E8')],
'F':[('01/06/2025','S','01/07/2025','E8'),('01/08/2025','S','01/09/2025','E8'),('01/10/2025','S','')],
'G':[('01/06/2024','S','01/10/2024','E8'),('01/11/2024','S','01/12/2024','E8'),('01/01/2025','S',''),('01/02/2025','S','')],
}
sws=[('01/01/2024',''),('01/01/2024','01/03/2024'),('01/09/2025',''),('01/11/2024','')]
for k,eps in cases.items():
    for i,(a,b) in enumerate(sws):
        c='%s%02d'%(k,i); H(c)
        for e in eps: E(c,*e)
        R('sw_episodes.csv',CHILD=c,DOB=DOB,SW_ID='SW999',SW_DECOM=a,SW_DEC=b,SW_REASON='MANAGE')
H('DUMMY',tab=P); E('DUMMY','01/01/2024',tab=P)
for d,tab in [(OUT,T),(PREV,P)]:
    os.makedirs(d,exist_ok=True)
    for f,cs in cols.items():
        with open(os.path.join(d,f),'w',newline='') as fh:
            w=csv.DictWriter(fh,cs,lineterminator='\n'); w.writeheader()
            for r in tab[f]: w.writerow({k:r.get(k,'') for k in cs})
